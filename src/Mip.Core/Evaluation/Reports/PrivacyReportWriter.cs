using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mip.Evaluation.Tasks;
using Mip.IO;

namespace Mip.Evaluation.Reports;

/// <summary>Writes a <see cref="PrivacyReport"/> as Markdown (the paper's Table 2 layout), JSON and long-format CSV.</summary>
public static class PrivacyReportWriter
{
    /// <summary>Markdown: facts, the task table per rule, PSR and BA per rule, the mixed gallery.</summary>
    public static string FormatMarkdown(PrivacyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("# ").Append(report.Title).Append("\n\n");
        foreach (var (key, value) in report.Facts) text.Append("- ").Append(key).Append(": ").Append(value).Append('\n');
        if (report.Facts.Count > 0) text.Append('\n');
        var metrics = report.Metrics;
        foreach (var rule in report.Rules)
        {
            text.Append("## Four tasks, ").Append(RuleText(rule)).Append("\n\n");
            text.Append("| model | task | ").Append(string.Join(" | ", metrics)).Append(" |\n");
            text.Append("|---|---|").Append(string.Concat(metrics.Select(_ => "---:|"))).Append('\n');
            foreach (var model in report.Models)
                foreach (var task in report.Tasks)
                    if (model.Find(task, rule) is { } scores)
                        text.Append("| ").Append(Escape(model.Model)).Append(" | ").Append(task.Label()).Append(" | ")
                            .Append(string.Join(" | ", metrics.Select(m => Percent(TaskMetrics.Value(scores, m))))).Append(" |\n");

            var tuned = report.Models.Where(m => m.Model != report.Reference).ToList();
            if (tuned.Count > 0 && report.ReferenceScores.Find(PrivacyTask.CleanToClean, rule) is not null)
            {
                text.Append("\n### PSR (Eq. 10) against ").Append(Escape(report.Reference)).Append(" on C->C, and BA, ").Append(RuleText(rule)).Append("\n\n");
                text.Append("| model | task | ").Append(string.Join(" | ", metrics)).Append(" |\n");
                text.Append("|---|---|").Append(string.Concat(metrics.Select(_ => "---:|"))).Append('\n');
                foreach (var model in tuned)
                {
                    if (model.Find(PrivacyTask.CleanToClean, rule) is { } ba)
                    {
                        var reference = report.ReferenceScores.Get(PrivacyTask.CleanToClean, rule);
                        text.Append("| ").Append(Escape(model.Model)).Append(" | BA (C->C, change) | ")
                            .Append(string.Join(" | ", metrics.Select(m => $"{Percent(TaskMetrics.Value(ba, m))} ({Signed(TaskMetrics.Value(ba, m) - TaskMetrics.Value(reference, m))})"))).Append(" |\n");
                    }
                    foreach (var task in report.Tasks.Where(t => t != PrivacyTask.CleanToClean))
                        if (report.Psr(model, task, rule) is { } psr)
                            text.Append("| ").Append(Escape(model.Model)).Append(" | PSR ").Append(task.Label()).Append(" | ")
                                .Append(string.Join(" | ", metrics.Select(m => Percent(psr[m])))).Append(" |\n");
                }
            }
            text.Append('\n');
        }

        if (report.Mixed.Count > 0)
        {
            var ks = report.Mixed[0].ExposureAtK.Keys.Order().ToArray();
            var m0 = report.Mixed[0];
            text.Append("## Mixed gallery\n\n");
            text.Append(CultureInfo.InvariantCulture,
                $"{m0.ProtectedCount} of {m0.ProtectedCount + m0.QueryCount} test images protected ({100 * m0.ProtectedFraction:F0}%); the other {m0.QueryCount} are the clean queries, each excluding itself; {m0.ExposedQueryCount} of them have a protected image of their class in the gallery. Exposure@k: share of those queries with a protected image of their own class in their top k. Clean R@k: clean queries against the clean part.\n\n");
            text.Append("| model | ").Append(string.Join(" | ", ks.Select(k => $"exposure@{k}"))).Append(" | ")
                .Append(string.Join(" | ", ks.Select(k => $"exposure drop@{k}"))).Append(" | ")
                .Append(string.Join(" | ", ks.Select(k => $"clean R@{k}"))).Append(" |\n");
            text.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", 3 * ks.Length))).Append('\n');
            foreach (var mixed in report.Mixed)
            {
                text.Append("| ").Append(Escape(mixed.Model)).Append(" | ")
                    .Append(string.Join(" | ", ks.Select(k => Percent(mixed.ExposureAtK[k])))).Append(" | ")
                    .Append(string.Join(" | ", ks.Select(k => mixed.Model == report.Reference ? "(reference)" : Percent(report.ExposureDrop(mixed.Model, k))))).Append(" | ")
                    .Append(string.Join(" | ", ks.Select(k => Percent(mixed.CleanRecallAtK.TryGetValue(k, out var v) ? v : null)))).Append(" |\n");
            }
            text.Append('\n');
        }
        if (report.Leaks is { Count: > 0 } leaks)
        {
            var l0 = leaks[0];
            text.Append("## Which protected images clean queries find (C->P, strict rule, first result)\n\n");
            text.Append(CultureInfo.InvariantCulture,
                $"Hits: clean queries (of {l0.Queries}) whose first result is a protected image of their own class (their share is C->P R@1). Leaking: protected images (of {l0.ProtectedImages}) that are such a first result. Most-found tenth: share of the hits carried by the {Math.Ceiling(l0.ProtectedImages / 10.0):F0} protected images found most often. Most found: image id (hits). Shift: mean squared distance between an image's clean and protected embeddings, for the leaking images and for the others; AUC: the chance that a leaking image's shift is the smaller of a (leaking, other) pair, so how well a small shift, which can be measured before a photo is published, flags the photos that will leak; 10th percentile: the shift below which at most a tenth of the copies fall (on validation classes, the minimum shift for mip protect --min-shift).\n\n");
            text.Append("| model | hits | leaking images | most-found tenth's share | most found | shift, leaking | shift, others | shift AUC | shift, 10th percentile |\n|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
            foreach (var leak in leaks)
                text.Append("| ").Append(Escape(leak.Model)).Append(" | ").Append(leak.Hits.ToString(CultureInfo.InvariantCulture)).Append(" | ")
                    .Append(leak.LeakingImages.ToString(CultureInfo.InvariantCulture)).Append(" | ").Append(Percent(leak.MostFoundTenthShare)).Append(" | ")
                    .Append(string.Join(", ", leak.MostFound.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.ImageId} ({i.Hits})")))).Append(" | ")
                    .Append(Plain(leak.LeakingShift)).Append(" | ").Append(Plain(leak.OtherShift)).Append(" | ").Append(Plain(leak.ShiftAuc)).Append(" | ")
                    .Append(Plain(leak.ShiftTenthPercentile)).Append(" |\n");
            text.Append('\n');
        }
        text.Append("All values in percent. PSR = (M_clean - M_task) / M_clean with M_clean the reference model's C->C; BA is the model's own C->C.\n");
        return text.ToString();
    }

    /// <summary>JSON with fractions (not percentages) and null for what was not computed.</summary>
    public static string FormatJson(PrivacyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var facts = new JsonObject();
        foreach (var (key, value) in report.Facts) facts[key] = value;
        var models = new JsonArray();
        foreach (var model in report.Models)
        {
            var tasks = new JsonArray();
            foreach (var score in model.Scores)
            {
                var values = new JsonObject();
                foreach (var m in report.Metrics) values[m] = Number(TaskMetrics.Value(score.Scores, m));
                var psr = new JsonObject();
                if (model.Model != report.Reference && report.Psr(model, score.Task, score.Rule) is { } rates)
                    foreach (var (m, v) in rates) psr[m] = Number(v);
                tasks.Add(new JsonObject
                {
                    ["task"] = score.Task.Label(),
                    ["rule"] = score.Rule.ToString().ToLowerInvariant(),
                    ["queries"] = score.Scores.QueryCount,
                    ["gallery"] = score.Scores.GalleryCount,
                    ["metrics"] = values,
                    ["psr"] = model.Model == report.Reference ? null : psr,
                });
            }
            models.Add(new JsonObject { ["name"] = model.Model, ["reference"] = model.Model == report.Reference, ["tasks"] = tasks });
        }
        var mixed = new JsonArray();
        foreach (var m in report.Mixed)
        {
            var exposure = new JsonObject();
            var drop = new JsonObject();
            var recall = new JsonObject();
            foreach (var (k, v) in m.ExposureAtK.OrderBy(kv => kv.Key))
            {
                exposure[k.ToString(CultureInfo.InvariantCulture)] = Number(v);
                drop[k.ToString(CultureInfo.InvariantCulture)] = Number(report.ExposureDrop(m.Model, k));
            }
            foreach (var (k, v) in m.CleanRecallAtK.OrderBy(kv => kv.Key)) recall[k.ToString(CultureInfo.InvariantCulture)] = Number(v);
            mixed.Add(new JsonObject
            {
                ["name"] = m.Model,
                ["protectedFraction"] = m.ProtectedFraction,
                ["protectedImages"] = m.ProtectedCount,
                ["queries"] = m.QueryCount,
                ["exposedQueries"] = m.ExposedQueryCount,
                ["exposureAtK"] = exposure,
                ["exposureDropAtK"] = m.Model == report.Reference ? null : drop,
                ["cleanRecallAtK"] = recall,
            });
        }
        var root = new JsonObject
        {
            ["title"] = report.Title,
            ["facts"] = facts,
            ["reference"] = report.Reference,
            ["models"] = models,
            ["mixedGallery"] = mixed,
            ["protectedLeaks"] = new JsonArray((report.Leaks ?? []).Select(l => (JsonNode)new JsonObject
            {
                ["name"] = l.Model,
                ["queries"] = l.Queries,
                ["hits"] = l.Hits,
                ["protectedImages"] = l.ProtectedImages,
                ["leakingImages"] = l.LeakingImages,
                ["mostFoundTenthShare"] = Number(l.MostFoundTenthShare),
                ["leakingShift"] = Number(l.LeakingShift),
                ["otherShift"] = Number(l.OtherShift),
                ["shiftAuc"] = Number(l.ShiftAuc),
                ["shiftTenthPercentile"] = Number(l.ShiftTenthPercentile),
                ["mostFound"] = new JsonArray(l.MostFound.Select(i => (JsonNode)new JsonObject { ["imageId"] = i.ImageId, ["label"] = i.Label, ["hits"] = i.Hits }).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Long-format CSV: one row per model, rule, task and metric, with the value and the PSR (fractions).</summary>
    public static string FormatCsv(PrivacyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder("model,rule,task,metric,value,psr\n");
        foreach (var model in report.Models)
            foreach (var score in model.Scores)
            {
                var psr = model.Model == report.Reference ? null : report.Psr(model, score.Task, score.Rule);
                foreach (var m in report.Metrics)
                    text.Append(Csv(model.Model)).Append(',').Append(score.Rule.ToString().ToLowerInvariant()).Append(',')
                        .Append(score.Task.Label()).Append(',').Append(m).Append(',')
                        .Append(Fraction(TaskMetrics.Value(score.Scores, m))).Append(',')
                        .Append(Fraction(psr is null || score.Task == PrivacyTask.CleanToClean ? null : psr[m])).Append('\n');
            }
        foreach (var m in report.Mixed)
        {
            foreach (var (k, v) in m.ExposureAtK.OrderBy(kv => kv.Key))
                text.Append(Csv(m.Model)).Append(",strict,mixed,").Append(CultureInfo.InvariantCulture, $"exposure@{k}").Append(',').Append(Fraction(v)).Append(",\n");
            foreach (var (k, v) in m.CleanRecallAtK.OrderBy(kv => kv.Key))
                text.Append(Csv(m.Model)).Append(",strict,mixed,").Append(CultureInfo.InvariantCulture, $"clean R@{k}").Append(',').Append(Fraction(v)).Append(",\n");
        }
        return text.ToString();
    }

    /// <summary>Writes report.md, report.json and report.csv into <paramref name="folder"/>, each atomically.</summary>
    public static void WriteAll(string folder, PrivacyReport report)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), FormatMarkdown(report));
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), FormatJson(report));
        AtomicFile.WriteAllText(Path.Combine(folder, "report.csv"), FormatCsv(report));
    }

    private static string RuleText(ExclusionRule rule) => rule == ExclusionRule.Strict
        ? "strict rule (the query's own source image excluded by id)"
        : "paper's rule (first neighbour dropped)";

    private static string Escape(string name) => name.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Csv(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Percent(double? value) =>
        value is { } v && !double.IsNaN(v) ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string Plain(double value) => double.IsNaN(value) ? "–" : value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Signed(double? value) =>
        value is { } v && !double.IsNaN(v) ? (100 * v).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–";

    private static string Fraction(double? value) =>
        value is { } v && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static JsonNode? Number(double? value) => value is { } v && !double.IsNaN(v) ? JsonValue.Create(v) : null;
}
