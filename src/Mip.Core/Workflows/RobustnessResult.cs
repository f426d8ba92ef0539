using Mip.Evaluation.Tasks;

namespace Mip.Workflows;

/// <summary>One model under one condition (a filter, a pruning ratio, or none).</summary>
/// <param name="Model">Model name.</param>
/// <param name="Condition">"none", a filter name, or "prune 25%".</param>
/// <param name="Ba">The model's C->C Recall@1 under the condition.</param>
/// <param name="PsrRecallAt1">PSR on Recall@1 per protected task.</param>
/// <param name="PsrMapAtClassSize">PSR on mAP_c per protected task.</param>
/// <param name="Weakened">Tasks whose PSR on Recall@1 fell below 90% of its value without the condition.</param>
public sealed record RobustnessRow(string Model, string Condition, double Ba, IReadOnlyDictionary<PrivacyTask, double?> PsrRecallAt1,
    IReadOnlyDictionary<PrivacyTask, double?> PsrMapAtClassSize, IReadOnlyList<PrivacyTask> Weakened);

/// <summary>HDM's privacy effect on the clean model and its cost.</summary>
public sealed record HdmResult(int Images, int Classes, double SecondsPerImage, double CleanRecallAt1, double MeanPsnr,
    IReadOnlyDictionary<PrivacyTask, double?> PsrRecallAt1, IReadOnlyDictionary<PrivacyTask, double?> PsrMapAtClassSize);

/// <summary>Everything <see cref="RobustnessWorkflow"/> measured.</summary>
public sealed record RobustnessResult(IReadOnlyList<RobustnessRow> Filters, IReadOnlyList<RobustnessRow> Pruning, HdmResult? Hdm,
    IReadOnlyList<KeyValuePair<string, string>> Facts);
