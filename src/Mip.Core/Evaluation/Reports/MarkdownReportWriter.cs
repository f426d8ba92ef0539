using System.Globalization;
using System.Text;
using Mip.IO;

namespace Mip.Evaluation.Reports;

/// <summary>Writes an <see cref="EvaluationReport"/> as Markdown: the facts as a list, then one table of percentages.</summary>
public static class MarkdownReportWriter
{
    /// <summary>The Markdown text.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("# ").Append(report.Title).Append("\n\n");
        foreach (var (key, value) in report.Facts) text.Append("- ").Append(key).Append(": ").Append(value).Append('\n');
        if (report.Facts.Count > 0) text.Append('\n');
        var columns = EvaluationReport.MetricColumns(report.RecallKs);
        text.Append("| model | ").Append(string.Join(" | ", columns.Select(c => c.Name))).Append(" |\n");
        text.Append("|---|").Append(string.Concat(columns.Select(_ => "---:|"))).Append('\n');
        foreach (var entry in report.Entries)
        {
            text.Append("| ").Append(entry.Name.Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ");
            text.Append(string.Join(" | ", columns.Select(c => Percent(c.Value(entry.Scores))))).Append(" |\n");
        }
        text.Append("\nAll values in percent. ");
        if (report.Entries.Any(e => e.Scores.MapAtClassSizeIsLowerBound))
            text.Append("mAP_c is a lower bound where a class was larger than the neighbours searched. ");
        text.Append('\n');
        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, EvaluationReport report) => AtomicFile.WriteAllText(path, Format(report));

    private static string Percent(double? value) =>
        value is { } v && !double.IsNaN(v) ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) : "–";
}
