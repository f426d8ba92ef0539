namespace Mip.Evaluation.Reports;

/// <summary>One scored configuration in a report (e.g. a model on a data set's test split).</summary>
/// <param name="Name">Row name, e.g. "clean, epoch 12".</param>
/// <param name="Scores">Its scores.</param>
public sealed record ReportEntry(string Name, RetrievalScores Scores);

/// <summary>What <c>mip eval</c> reports: a title, facts about the run (model, data, protocol, timings) and scored rows.</summary>
/// <param name="Title">Heading.</param>
/// <param name="Facts">Ordered key/value facts shown above the table.</param>
/// <param name="Entries">The scored rows; all must share the same Recall@k list.</param>
public sealed record EvaluationReport(string Title, IReadOnlyList<KeyValuePair<string, string>> Facts, IReadOnlyList<ReportEntry> Entries)
{
    /// <summary>The k values of Recall@k, ascending, common to all rows.</summary>
    public IReadOnlyList<int> RecallKs => Entries.SelectMany(e => e.Scores.RecallAtK.Keys).Distinct().Order().ToArray();

    /// <summary>The metric columns every writer uses, in order: name and value of each entry.</summary>
    public static IReadOnlyList<(string Name, Func<RetrievalScores, double?> Value)> MetricColumns(IReadOnlyList<int> recallKs)
    {
        var columns = recallKs.Select(k => ($"R@{k}", (Func<RetrievalScores, double?>)(s => s.RecallAtK.TryGetValue(k, out var v) ? v : null))).ToList();
        columns.Add(("NMI", s => s.Nmi));
        columns.Add(("F1", s => s.PairwiseF1));
        columns.Add(("mAP_c", s => s.MapAtClassSize));
        columns.Add(("MAP@R", s => s.MapAtR));
        columns.Add(("R-precision", s => s.RPrecision));
        return columns;
    }
}
