using System.Text.Json;
using System.Text.Json.Nodes;
using Mip.IO;

namespace Mip.Evaluation.Reports;

/// <summary>Writes an <see cref="EvaluationReport"/> as JSON (fractions in [0, 1], not percentages; null for what was not computed).</summary>
public static class JsonReportWriter
{
    /// <summary>The JSON text.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var facts = new JsonObject();
        foreach (var (key, value) in report.Facts) facts[key] = value;
        var entries = new JsonArray();
        foreach (var entry in report.Entries)
        {
            var s = entry.Scores;
            var recall = new JsonObject();
            foreach (var (k, v) in s.RecallAtK.OrderBy(kv => kv.Key)) recall[k.ToString(System.Globalization.CultureInfo.InvariantCulture)] = v;
            entries.Add(new JsonObject
            {
                ["name"] = entry.Name,
                ["protocol"] = s.Protocol.ToString(),
                ["queries"] = s.QueryCount,
                ["gallery"] = s.GalleryCount,
                ["neighboursSearched"] = s.NeighboursSearched,
                ["recallAtK"] = recall,
                ["nmi"] = Number(s.Nmi),
                ["pairwiseF1"] = Number(s.PairwiseF1),
                ["mapAtClassSize"] = Number(s.MapAtClassSize),
                ["mapAtClassSizeIsLowerBound"] = s.MapAtClassSizeIsLowerBound,
                ["mapAtR"] = Number(s.MapAtR),
                ["rPrecision"] = Number(s.RPrecision),
            });
        }
        var root = new JsonObject { ["title"] = report.Title, ["facts"] = facts, ["entries"] = entries };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, EvaluationReport report) => AtomicFile.WriteAllText(path, Format(report));

    private static JsonNode? Number(double? value) => value is { } v && !double.IsNaN(v) ? JsonValue.Create(v) : null;
}
