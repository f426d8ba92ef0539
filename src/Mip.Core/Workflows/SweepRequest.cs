using Mip.Data;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Triggers;

namespace Mip.Workflows;

/// <summary>What a sweep varies: the paper's Fig. 8 (loss weights), Fig. 9 (poisoning ratio) or Table 5 (loss ablation).</summary>
public enum SweepKind
{
    /// <summary>PBL's beta and gamma set together to each value (Fig. 8).</summary>
    Weights,

    /// <summary>The poisoning ratio rho of the chosen method (Fig. 9).</summary>
    PoisonRatio,

    /// <summary>PBL in full, without L_d (beta = 0) and without L_p (gamma = 0) (Table 5).</summary>
    Ablation,
}

/// <summary>One trained point of a sweep.</summary>
/// <param name="Name">Row name, e.g. "rho=0.2".</param>
/// <param name="Value">The swept value (NaN for the ablation's named variants).</param>
/// <param name="Settings">The backdoor settings it trains with.</param>
public sealed record SweepPoint(string Name, double Value, BackdoorSettings Settings);

/// <summary>What <see cref="SweepWorkflow"/> trains and evaluates.</summary>
public sealed record SweepRequest
{
    /// <summary>What is varied.</summary>
    public required SweepKind Kind { get; init; }

    /// <summary>The values (ignored by <see cref="SweepKind.Ablation"/>).</summary>
    public IReadOnlyList<double> Values { get; init; } = [];

    /// <summary>The backdoor method (PBL for weights and ablation; PBL or CBL for rho).</summary>
    public TrainingMethod Method { get; init; } = TrainingMethod.Pbl;

    /// <summary>The data set (its training split trains; evaluation uses <see cref="EvaluationImages"/>).</summary>
    public required Dataset Dataset { get; init; }

    /// <summary>The images every point is scored on: by default the validation classes carved from the training split.</summary>
    public required IReadOnlyList<ImageRecord> EvaluationImages { get; init; }

    /// <summary>Name of those images in the report.</summary>
    public required string EvaluationName { get; init; }

    /// <summary>The model every point starts from.</summary>
    public required EmbeddingModelOptions ModelOptions { get; init; }

    /// <summary>Trainer settings shared by every point.</summary>
    public required TrainerOptions TrainerOptions { get; init; }

    /// <summary>Backdoor settings the swept value overrides.</summary>
    public BackdoorSettings BaseSettings { get; init; } = new();

    /// <summary>The trigger.</summary>
    public required ITrigger Trigger { get; init; }

    /// <summary>A trained clean checkpoint for M_clean, or null to train the clean reference with the same settings.</summary>
    public string? CleanCheckpoint { get; init; }

    /// <summary>Folder of the runs, the report and the plot.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The points this request trains, in order.</summary>
    public IReadOnlyList<SweepPoint> Points() => Kind switch
    {
        SweepKind.Weights => Values.Select(v => new SweepPoint(FormattableString.Invariant($"beta=gamma={v:0.###}"), v, BaseSettings with { Beta = v, Gamma = v })).ToList(),
        SweepKind.PoisonRatio => Values.Select(v => new SweepPoint(FormattableString.Invariant($"rho={v:0.###}"), v, BaseSettings with { PoisonRatio = v })).ToList(),
        _ =>
        [
            new SweepPoint("PBL (L_i + L_d + L_p)", double.NaN, BaseSettings),
            new SweepPoint("without L_d", double.NaN, BaseSettings with { Beta = 0 }),
            new SweepPoint("without L_p", double.NaN, BaseSettings with { Gamma = 0 }),
        ],
    };
}
