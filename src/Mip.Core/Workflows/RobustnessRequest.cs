using Mip.Data;
using Mip.Defences.Adversarial;
using Mip.Triggers;

namespace Mip.Workflows;

/// <summary>What <see cref="RobustnessWorkflow"/> measures.</summary>
public sealed record RobustnessRequest
{
    /// <summary>The clean reference model (M_clean of PSR, and the model HDM attacks).</summary>
    public required NamedModel Reference { get; init; }

    /// <summary>The backdoored models whose protection is tested (PBL, CBL).</summary>
    public required IReadOnlyList<NamedModel> Defended { get; init; }

    /// <summary>The searched images (the test split).</summary>
    public required IReadOnlyList<ImageRecord> TestImages { get; init; }

    /// <summary>Clean images the pruning defender ranks channels on (training images).</summary>
    public required IReadOnlyList<ImageRecord> CleanImages { get; init; }

    /// <summary>The trigger.</summary>
    public required ITrigger Trigger { get; init; }

    /// <summary>Filter names (see <see cref="Defences.Filters.FilterCatalog"/>).</summary>
    public IReadOnlyList<string> Filters { get; init; } = Defences.Filters.FilterCatalog.Standard;

    /// <summary>Pruning ratios of the last stage's channels.</summary>
    public IReadOnlyList<double> PruningRatios { get; init; } = Enumerable.Range(0, 11).Select(i => i * 0.05).ToArray();

    /// <summary>Epochs of clean fine-tuning after pruning (0: prune only, as BackdoorBox does).</summary>
    public int FineTuneEpochs { get; init; }

    /// <summary>HDM settings, or null to skip the HDM baseline.</summary>
    public HdmOptions? Hdm { get; init; } = new();

    /// <summary>Test classes HDM perturbs (all their images), in label order: HDM costs 100 passes per image.</summary>
    public int HdmClasses { get; init; } = 4;

    /// <summary>Stages frozen for the feature cache.</summary>
    public int FrozenStages { get; init; } = 4;

    /// <summary>Persisted feature cache folder, or null.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Output folder of robustness.md/json/csv, filters.png and pruning.png.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Extra facts for the report.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];

    /// <summary>Inference batch size.</summary>
    public int BatchSize { get; init; } = 32;
}
