using Mip.Data;
using Mip.IO;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Triggers;

namespace Mip.Workflows;

/// <summary>
/// What a sweep varies: the paper's Fig. 8 (loss weights), Fig. 9 (poisoning ratio) or Table 5 (loss ablation), or one
/// knob on its own, as the validation rounds of the backdoor benchmark varied them.
/// </summary>
public enum SweepKind
{
    /// <summary>PBL's beta and gamma set together to each value (Fig. 8).</summary>
    Weights,

    /// <summary>The poisoning ratio rho of the chosen method (Fig. 9).</summary>
    PoisonRatio,

    /// <summary>PBL in full, without L_d (beta = 0) and without L_p (gamma = 0) (Table 5).</summary>
    Ablation,

    /// <summary>PBL's beta (weight of L_d) alone.</summary>
    Beta,

    /// <summary>PBL's gamma (weight of L_p) alone.</summary>
    Gamma,

    /// <summary>CBL's lambda (weight of L'_d).</summary>
    Lambda,

    /// <summary>The privacy terms' own margin (not in the paper), PBL or CBL.</summary>
    PrivacyMargin,

    /// <summary>The weight of CBL's far-centre term added to PBL (not in the paper).</summary>
    CentreWeight,

    /// <summary>The weight of the similarity-decorrelation term added to PBL (not in the paper).</summary>
    DecorrelationWeight,
}

/// <summary>What each kind of sweep needs and how it names its points.</summary>
public static class SweepKinds
{
    /// <summary>The kinds by their command-line names, in the order help lists them.</summary>
    public static IReadOnlyDictionary<string, SweepKind> ByName { get; } = new Dictionary<string, SweepKind>
    {
        ["weights"] = SweepKind.Weights, ["rho"] = SweepKind.PoisonRatio, ["ablation"] = SweepKind.Ablation,
        ["beta"] = SweepKind.Beta, ["gamma"] = SweepKind.Gamma, ["lambda"] = SweepKind.Lambda,
        ["privacy-margin"] = SweepKind.PrivacyMargin, ["centre-weight"] = SweepKind.CentreWeight,
        ["decorrelation-weight"] = SweepKind.DecorrelationWeight,
    };

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    public static string Name(this SweepKind kind) => ByName.First(kv => kv.Value == kind).Key;

    /// <summary>Whether <paramref name="kind"/> varies a setting that <paramref name="method"/> has.</summary>
    public static bool Fits(this SweepKind kind, TrainingMethod method) => kind switch
    {
        SweepKind.PoisonRatio or SweepKind.PrivacyMargin => method is TrainingMethod.Pbl or TrainingMethod.Cbl,
        SweepKind.Lambda => method == TrainingMethod.Cbl,
        _ => method == TrainingMethod.Pbl,
    };

    /// <summary>Refuses <paramref name="kind"/> for a <paramref name="method"/> without its setting.</summary>
    /// <exception cref="MipInputException">The method lacks the swept setting.</exception>
    public static void RequireFits(this SweepKind kind, TrainingMethod method)
    {
        if (!kind.Fits(method))
            throw new MipInputException($"The {kind.Name()} sweep varies a setting {method.Name()} does not have; use --method " +
                $"{(kind == SweepKind.Lambda ? "cbl" : "pbl")}.");
    }

    /// <summary>What the plot's horizontal axis shows.</summary>
    public static string AxisLabel(this SweepKind kind) => kind switch
    {
        SweepKind.Weights => "beta = gamma",
        SweepKind.PoisonRatio => "poisoning ratio rho",
        SweepKind.Ablation => "variant",
        SweepKind.PrivacyMargin => "privacy margin",
        SweepKind.CentreWeight => "centre weight",
        SweepKind.DecorrelationWeight => "decorrelation weight",
        _ => kind.Name(),
    };
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

    /// <summary>The backdoor method: PBL or CBL for rho and the privacy margin, CBL for lambda, PBL for the rest.</summary>
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
        SweepKind.PoisonRatio => Each(v => BaseSettings with { PoisonRatio = v }),
        SweepKind.Beta => Each(v => BaseSettings with { Beta = v }),
        SweepKind.Gamma => Each(v => BaseSettings with { Gamma = v }),
        SweepKind.Lambda => Each(v => BaseSettings with { Lambda = v }),
        SweepKind.PrivacyMargin => Each(v => BaseSettings with { PrivacyMargin = v }),
        SweepKind.CentreWeight => Each(v => BaseSettings with { CentreWeight = v }),
        SweepKind.DecorrelationWeight => Each(v => BaseSettings with { DecorrelationWeight = v }),
        _ =>
        [
            new SweepPoint("PBL (L_i + L_d + L_p)", double.NaN, BaseSettings),
            new SweepPoint("without L_d", double.NaN, BaseSettings with { Beta = 0 }),
            new SweepPoint("without L_p", double.NaN, BaseSettings with { Gamma = 0 }),
        ],
    };

    private List<SweepPoint> Each(Func<double, BackdoorSettings> settings) =>
        Values.Select(v => new SweepPoint(FormattableString.Invariant($"{Kind.Name()}={v:0.###}"), v, settings(v))).ToList();
}
