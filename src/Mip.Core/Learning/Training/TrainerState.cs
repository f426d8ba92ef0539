using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mip.Learning.Training;

/// <summary>What a resumed run needs besides weights and optimizer state; stored as JSON in the last checkpoint.</summary>
public sealed record TrainerState
{
    /// <summary>Epochs completed.</summary>
    public int EpochsCompleted { get; init; }

    /// <summary>The batch sampler's random state.</summary>
    public ulong SamplerState { get; init; }

    /// <summary>The objective's random state (mining).</summary>
    public ulong ObjectiveState { get; init; }

    /// <summary>The augmentation random state.</summary>
    public ulong AugmentationState { get; init; }

    /// <summary>Best validation Recall@1 so far, or null.</summary>
    public double? BestValidationRecallAt1 { get; init; }

    /// <summary>Epoch of the best checkpoint.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Settings that must match for a resume to be the same run.</summary>
    public string RunSignature { get; init; } = "";

    /// <summary>Every finished epoch so far.</summary>
    public List<EpochRecord> History { get; init; } = [];

    /// <summary>JSON bytes.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, TrainerStateJson.Default.TrainerState);

    /// <summary>Parses JSON bytes.</summary>
    public static TrainerState FromJson(byte[] json) =>
        JsonSerializer.Deserialize(json, TrainerStateJson.Default.TrainerState) ?? throw new JsonException("empty trainer state");
}

[JsonSerializable(typeof(TrainerState))]
[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal partial class TrainerStateJson : JsonSerializerContext;
