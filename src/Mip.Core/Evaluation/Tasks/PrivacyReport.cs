namespace Mip.Evaluation.Tasks;

/// <summary>
/// What <c>mip eval --tasks</c> and the backdoor benchmark report: every model's four-task scores, PSR and BA against
/// a clean reference model (Tables 2 and 3), and the mixed-gallery exposure.
/// </summary>
/// <param name="Title">Heading.</param>
/// <param name="Facts">Ordered key/value facts (data, trigger, models, timings).</param>
/// <param name="Reference">Name of the clean model whose C->C is M_clean in Eq. 10; it must be one of <paramref name="Models"/>.</param>
/// <param name="Models">All evaluated models, the reference included, in table order.</param>
/// <param name="Mixed">Mixed-gallery scores, one per model (may be empty).</param>
/// <param name="RecallKs">The k of the Recall@k columns.</param>
/// <param name="Leaks">Where each model's C->P Recall@1 comes from, one per model (may be null or empty).</param>
public sealed record PrivacyReport(
    string Title,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    string Reference,
    IReadOnlyList<ModelTaskScores> Models,
    IReadOnlyList<MixedGalleryScores> Mixed,
    IReadOnlyList<int> RecallKs,
    IReadOnlyList<ProtectedLeakScores>? Leaks = null)
{
    /// <summary>The metric names of every table.</summary>
    public IReadOnlyList<string> Metrics => TaskMetrics.Names(RecallKs);

    /// <summary>The reference model's scores.</summary>
    public ModelTaskScores ReferenceScores =>
        Models.FirstOrDefault(m => m.Model == Reference) ?? throw new EvaluationInputException($"The reference model '{Reference}' is not in the report.");

    /// <summary>The exclusion rules present, strict first.</summary>
    public IReadOnlyList<ExclusionRule> Rules => Models.SelectMany(m => m.Scores.Select(s => s.Rule)).Distinct().Order().ToArray();

    /// <summary>The tasks present, in table order.</summary>
    public IReadOnlyList<PrivacyTask> Tasks => Models.SelectMany(m => m.Scores.Select(s => s.Task)).Distinct().Order().ToArray();

    /// <summary>PSR per metric of <paramref name="model"/> on <paramref name="task"/>, or null where C->C of the reference is missing.</summary>
    public IReadOnlyDictionary<string, double?>? Psr(ModelTaskScores model, PrivacyTask task, ExclusionRule rule) =>
        ReferenceScores.Find(PrivacyTask.CleanToClean, rule) is null || model.Find(task, rule) is null
            ? null
            : PrivacySuccessRate.ForTask(ReferenceScores, model, task, rule, Metrics);

    /// <summary>
    /// Relative fall of exposure@k of <paramref name="model"/> against the reference model in the mixed gallery:
    /// 1 - exposure_model / exposure_reference; null when either is missing or the reference exposure is 0.
    /// </summary>
    public double? ExposureDrop(string model, int k)
    {
        var reference = Mixed.FirstOrDefault(m => m.Model == Reference);
        var tuned = Mixed.FirstOrDefault(m => m.Model == model);
        if (reference is null || tuned is null) return null;
        if (!reference.ExposureAtK.TryGetValue(k, out double r) || !tuned.ExposureAtK.TryGetValue(k, out double t) || r == 0 || double.IsNaN(r)) return null;
        return 1 - t / r;
    }
}
