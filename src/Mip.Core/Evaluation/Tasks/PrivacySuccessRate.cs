namespace Mip.Evaluation.Tasks;

/// <summary>
/// The privacy success rate of Eq. 10: PSR = (M_clean - M_poison) / M_clean, where M_clean is a metric of the clean
/// model on C->C and M_poison the same metric of the tuned model on a task. 1 means the task's search is fully broken
/// for protected images; 0 means protection changed nothing; negative means the task got better. The benign accuracy
/// BA is the tuned model's own C->C.
/// </summary>
public static class PrivacySuccessRate
{
    /// <summary>PSR of one metric value; null when either is missing or the clean value is 0.</summary>
    public static double? Compute(double? cleanReference, double? poisoned) =>
        cleanReference is { } c && poisoned is { } p && c != 0 && !double.IsNaN(c) && !double.IsNaN(p) ? (c - p) / c : null;

    /// <summary>PSR per metric of <paramref name="tuned"/> on <paramref name="task"/> against <paramref name="clean"/>'s C->C.</summary>
    public static IReadOnlyDictionary<string, double?> ForTask(ModelTaskScores clean, ModelTaskScores tuned, PrivacyTask task,
        ExclusionRule rule, IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(tuned);
        var reference = clean.Get(PrivacyTask.CleanToClean, rule);
        var poisoned = tuned.Get(task, rule);
        return metrics.ToDictionary(m => m, m => Compute(TaskMetrics.Value(reference, m), TaskMetrics.Value(poisoned, m)));
    }
}
