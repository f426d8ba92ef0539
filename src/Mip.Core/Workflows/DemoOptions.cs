using Mip.Data.Synthetic;

namespace Mip.Workflows;

/// <summary>What <c>mip demo</c> runs on and where it writes.</summary>
public sealed record DemoOptions
{
    /// <summary>Output folder for the generated data, runs, reports and pictures.</summary>
    public string OutputFolder { get; init; } = "mip-demo";

    /// <summary>A real data set to use instead of the embedded default (any format the readers detect).</summary>
    public string? DataPath { get; init; }

    /// <summary>The embedded default data set, drawn when <see cref="DataPath"/> is null.</summary>
    public SyntheticObjectsOptions Synthetic { get; init; } = new();

    /// <summary>Model input size; small by default so the demo runs in minutes on a laptop CPU.</summary>
    public int InputSize { get; init; } = 128;

    /// <summary>Seed of the head and of every random choice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Training epochs of each of the three models (brief: this is a demonstration, not a benchmark).</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>The trigger users apply to protect their photos.</summary>
    public string Trigger { get; init; } = "stego";

    /// <summary>Stego strength as the target PSNR in dB (the paper's StegaStamp images average 30.9 dB).</summary>
    public double TriggerStrength { get; init; } = 31;

    /// <summary>Poisoning ratio of PBL and CBL.</summary>
    public double PoisonRatio { get; init; } = 0.5;

    /// <summary>Learning rate of the last residual stage (the stages before it are frozen and cached).</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Learning rate of the embedding head.</summary>
    public double HeadLearningRate { get; init; } = 1e-3;
}
