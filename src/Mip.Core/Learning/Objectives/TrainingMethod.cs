using Mip.IO;

namespace Mip.Learning.Objectives;

/// <summary>How the service provider trains its retrieval model.</summary>
public enum TrainingMethod
{
    /// <summary>Plain triplet loss on clean images (L_i, Eq. 3): the reference model.</summary>
    Clean,

    /// <summary>The paper's "Baseline": label-flip poisoning of a fixed fraction of triggered training images.</summary>
    Baseline,

    /// <summary>Point-wise backdoor learning, privacy first (PBL, Eq. 8).</summary>
    Pbl,

    /// <summary>Centre-wise backdoor learning, service first (CBL, Eq. 9).</summary>
    Cbl,
}

/// <summary>Names of <see cref="TrainingMethod"/> as the command line and checkpoints write them.</summary>
public static class TrainingMethods
{
    /// <summary>"clean", "baseline", "pbl" or "cbl".</summary>
    public static string Name(this TrainingMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>Parses a method name (case-insensitive).</summary>
    /// <exception cref="MipInputException">An unknown name.</exception>
    public static TrainingMethod Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "clean" => TrainingMethod.Clean,
        "baseline" => TrainingMethod.Baseline,
        "pbl" => TrainingMethod.Pbl,
        "cbl" => TrainingMethod.Cbl,
        _ => throw new MipInputException($"Unknown training method '{name}': use clean, pbl, cbl or baseline."),
    };
}
