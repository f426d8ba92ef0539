using System.Text.Json.Serialization;

namespace Mip.Checkpoints;

/// <summary>
/// Everything needed to rebuild and interpret a model without guessing: the architecture, the input it expects, how it
/// was trained and on what. Stored as JSON inside the checkpoint file.
/// </summary>
public sealed record CheckpointMetadata
{
    /// <summary>Backbone name, e.g. "resnet18-cntk", "resnet50", "inception-v1".</summary>
    public required string Backbone { get; init; }

    /// <summary>Dimension of the L2-normalised embedding.</summary>
    public required int EmbeddingSize { get; init; }

    /// <summary>Side of the square input image in pixels.</summary>
    public required int InputSize { get; init; }

    /// <summary>How an RGB image in [0,1] is turned into the backbone's input, in words (for humans and for checks).</summary>
    public string Preprocessing { get; init; } = "";

    /// <summary>Training method: "pretrained", "clean", "baseline", "pbl" or "cbl".</summary>
    public string Method { get; init; } = "pretrained";

    /// <summary>Hyperparameters of the run that produced the weights (learning rate, margin, beta, ...), as text.</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Data set the weights were trained on, or null.</summary>
    public string? Dataset { get; init; }

    /// <summary>Stable id of the trigger the backdoor was planted with, or null for a clean model.</summary>
    public string? Trigger { get; init; }

    /// <summary>Epochs completed when the file was written.</summary>
    public int Epoch { get; init; }

    /// <summary>Version of this project that wrote the file.</summary>
    public string ProjectVersion { get; init; } = CheckpointFile.CurrentProjectVersion;

    /// <summary>When the file was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Free-form extra facts (validation scores, seeds) that later tools may show.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();
}

[JsonSerializable(typeof(CheckpointHeader))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal partial class CheckpointJsonContext : JsonSerializerContext;

internal sealed record CheckpointHeader(CheckpointMetadata Metadata, IReadOnlyList<CheckpointSectionInfo> Sections);

internal sealed record CheckpointSectionInfo(string Name, long Length);
