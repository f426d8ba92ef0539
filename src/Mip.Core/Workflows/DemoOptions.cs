using Mip.Data.Synthetic;

namespace Mip.Workflows;

/// <summary>What <c>mip demo</c> runs on and where it writes.</summary>
public sealed record DemoOptions
{
    /// <summary>Output folder for the generated data, reports and plots.</summary>
    public string OutputFolder { get; init; } = "mip-demo";

    /// <summary>A real data set to use instead of the embedded default (any format the readers detect).</summary>
    public string? DataPath { get; init; }

    /// <summary>The embedded default data set, drawn when <see cref="DataPath"/> is null.</summary>
    public SyntheticObjectsOptions Synthetic { get; init; } = new();

    /// <summary>Model input size; small by default so the demo runs in minutes on a laptop CPU.</summary>
    public int InputSize { get; init; } = 128;

    /// <summary>Seed of the head and of every random choice.</summary>
    public int Seed { get; init; } = 1;
}
