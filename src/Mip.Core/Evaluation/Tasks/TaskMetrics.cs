namespace Mip.Evaluation.Tasks;

/// <summary>The metrics of the paper's Tables 2 and 3 (plus MAP@R), read from <see cref="RetrievalScores"/> by name.</summary>
public static class TaskMetrics
{
    /// <summary>Metric names in table order for the given Recall@k values.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<int> recallKs) =>
        [.. recallKs.Select(k => $"R@{k}"), "NMI", "F1", "mAP_c", "MAP@R"];

    /// <summary>The value of metric <paramref name="name"/> (a fraction), or null when it was not computed.</summary>
    public static double? Value(RetrievalScores scores, string name)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return name switch
        {
            "NMI" => scores.Nmi,
            "F1" => scores.PairwiseF1,
            "mAP_c" => scores.MapAtClassSize,
            "MAP@R" => double.IsNaN(scores.MapAtR) ? null : scores.MapAtR,
            _ when name.StartsWith("R@", StringComparison.Ordinal) && int.TryParse(name.AsSpan(2), out int k) =>
                scores.RecallAtK.TryGetValue(k, out double v) ? v : null,
            _ => throw new ArgumentException($"Unknown metric '{name}'.", nameof(name)),
        };
    }
}
