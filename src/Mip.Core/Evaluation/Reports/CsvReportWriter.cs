using System.Globalization;
using System.Text;
using Mip.IO;

namespace Mip.Evaluation.Reports;

/// <summary>Writes an <see cref="EvaluationReport"/> as CSV: one row per entry, metrics as fractions, empty when not computed.</summary>
public static class CsvReportWriter
{
    /// <summary>The CSV text (RFC 4180 quoting, invariant culture).</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = EvaluationReport.MetricColumns(report.RecallKs);
        var text = new StringBuilder("model,protocol,queries,gallery,");
        text.Append(string.Join(",", columns.Select(c => Quote(c.Name)))).Append('\n');
        foreach (var entry in report.Entries)
        {
            var s = entry.Scores;
            text.Append(Quote(entry.Name)).Append(',').Append(s.Protocol).Append(',')
                .Append(s.QueryCount.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.GalleryCount.ToString(CultureInfo.InvariantCulture)).Append(',');
            text.Append(string.Join(",", columns.Select(c => c.Value(s) is { } v && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, EvaluationReport report) => AtomicFile.WriteAllText(path, Format(report));

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
