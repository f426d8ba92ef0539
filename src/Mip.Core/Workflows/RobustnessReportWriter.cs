using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mip.Evaluation.Pictures;
using Mip.Evaluation.Reports;
using Mip.Evaluation.Tasks;
using Mip.IO;
using ScottPlot;

namespace Mip.Workflows;

/// <summary>Writes a <see cref="RobustnessResult"/>: robustness.md, .json, .csv, filters.png (bars) and pruning.png (curves).</summary>
public static class RobustnessReportWriter
{
    private static readonly PrivacyTask[] Tasks = [PrivacyTask.CleanToProtected, PrivacyTask.ProtectedToClean, PrivacyTask.ProtectedToProtected];

    /// <summary>Writes every file into <paramref name="folder"/>, each atomically.</summary>
    public static void WriteAll(string folder, RobustnessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "robustness.md"), Markdown(result));
        AtomicFile.WriteAllText(Path.Combine(folder, "robustness.json"), Json(result));
        AtomicFile.WriteAllText(Path.Combine(folder, "robustness.csv"), Csv(result));
        AtomicFile.WriteAllBytes(Path.Combine(folder, "filters.png"), FilterBars(result));
        AtomicFile.WriteAllBytes(Path.Combine(folder, "pruning.png"), PruningCurves(result));
    }

    /// <summary>Reads back what <see cref="WriteAll"/> wrote into robustness.json (to redraw the report without rerunning it).</summary>
    /// <exception cref="IO.MipInputException">The file is missing or not a robustness report.</exception>
    public static RobustnessResult ReadJson(string path)
    {
        if (!File.Exists(path)) throw new IO.MipInputException($"'{path}' does not exist.");
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            IReadOnlyDictionary<PrivacyTask, double?> Rates(JsonNode? node) =>
                Tasks.ToDictionary(t => t, t => node?[t.Label()]?.GetValue<double?>());
            IReadOnlyList<RobustnessRow> Rows(JsonNode? node) => node!.AsArray().Select(r => new RobustnessRow(
                r!["model"]!.GetValue<string>(), r["condition"]!.GetValue<string>(), r["ba"]!.GetValue<double>(),
                Rates(r["psrRecallAt1"]), Rates(r["psrMapAtClassSize"]),
                r["weakened"]!.AsArray().Select(w => PrivacyTasks.Parse(w!.GetValue<string>())[0]).ToList())).ToList();
            var facts = root["facts"]!.AsObject().Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>())).ToList();
            HdmResult? hdm = root["hdm"] is JsonObject h
                ? new HdmResult(h["images"]!.GetValue<int>(), h["classes"]!.GetValue<int>(), h["secondsPerImage"]!.GetValue<double>(),
                    h["cleanRecallAt1"]!.GetValue<double>(), h["meanPsnr"]?.GetValue<double>() ?? double.PositiveInfinity,
                    Rates(h["psrRecallAt1"]), Rates(h["psrMapAtClassSize"]))
                : null;
            return new RobustnessResult(Rows(root["filters"]), Rows(root["pruning"]), hdm, facts);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new IO.MipInputException($"'{path}' is not a robustness report written by mip robustness: {e.Message}");
        }
    }

    /// <summary>The Markdown report.</summary>
    public static string Markdown(RobustnessResult result)
    {
        var text = new StringBuilder("# Robustness of the protection\n\n");
        foreach (var (k, v) in result.Facts) text.Append("- ").Append(k).Append(": ").Append(v).Append('\n');
        text.Append("\n## Input filters on queries and gallery (black box, Fig. 11)\n\nPSR against the clean model's C->C under the same filter; strict rule.\n\n");
        Table(text, result.Filters, "filter");
        text.Append("\n## Fine-pruning of the last stage (white box, Fig. 12)\n\nLeast active channels on clean training images masked; no fine-tuning afterwards. PSR against the unpruned clean model's C->C.\n\n");
        Table(text, result.Pruning, "pruning");
        if (result.Hdm is { } hdm)
        {
            text.Append("\n## HDM-style adversarial perturbation (data-centric baseline) against the clean model\n\n");
            text.Append(CultureInfo.InvariantCulture, $"{hdm.Images} test images of {hdm.Classes} classes, {hdm.SecondsPerImage:F2} s per image (batches of 16), mean PSNR {hdm.MeanPsnr:F2} dB; clean C->C R@1 on that subset {100 * hdm.CleanRecallAt1:F2}.\n\n");
            text.Append("| task | PSR R@1 | PSR mAP_c |\n|---|---:|---:|\n");
            foreach (var t in Tasks) text.Append(CultureInfo.InvariantCulture, $"| {t.Label()} | {P(hdm.PsrRecallAt1[t])} | {P(hdm.PsrMapAtClassSize[t])} |\n");
        }
        text.Append("\nValues in percent. \"weakened\" lists the tasks whose PSR on R@1 fell below 90% of its value without the filter or pruning.\n");
        return text.ToString();
    }

    private static void Table(StringBuilder text, IReadOnlyList<RobustnessRow> rows, string what)
    {
        text.Append("| model | ").Append(what).Append(" | BA (C->C R@1) | ").Append(string.Join(" | ", Tasks.Select(t => $"PSR R@1 {t.Label()}")))
            .Append(" | ").Append(string.Join(" | ", Tasks.Select(t => $"PSR mAP_c {t.Label()}"))).Append(" | weakened |\n|---|---|---:|")
            .Append(string.Concat(Enumerable.Repeat("---:|", 2 * Tasks.Length))).Append("---|\n");
        foreach (var r in rows)
            text.Append("| ").Append(r.Model).Append(" | ").Append(r.Condition).Append(" | ").Append(P(r.Ba)).Append(" | ")
                .Append(string.Join(" | ", Tasks.Select(t => P(r.PsrRecallAt1[t])))).Append(" | ")
                .Append(string.Join(" | ", Tasks.Select(t => P(r.PsrMapAtClassSize[t])))).Append(" | ")
                .Append(r.Weakened.Count == 0 ? "" : "**weakened: " + string.Join(", ", r.Weakened.Select(t => t.Label())) + "**").Append(" |\n");
    }

    private static string Json(RobustnessResult result)
    {
        JsonArray Rows(IEnumerable<RobustnessRow> rows) => new(rows.Select(r => (JsonNode)new JsonObject
        {
            ["model"] = r.Model,
            ["condition"] = r.Condition,
            ["ba"] = r.Ba,
            ["psrRecallAt1"] = new JsonObject(Tasks.Select(t => KeyValuePair.Create(t.Label(), Num(r.PsrRecallAt1[t])))),
            ["psrMapAtClassSize"] = new JsonObject(Tasks.Select(t => KeyValuePair.Create(t.Label(), Num(r.PsrMapAtClassSize[t])))),
            ["weakened"] = new JsonArray(r.Weakened.Select(t => (JsonNode)JsonValue.Create(t.Label())!).ToArray()),
        }).ToArray());
        var root = new JsonObject
        {
            ["facts"] = new JsonObject(result.Facts.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))),
            ["filters"] = Rows(result.Filters),
            ["pruning"] = Rows(result.Pruning),
            ["hdm"] = result.Hdm is not { } h ? null : new JsonObject
            {
                ["images"] = h.Images, ["classes"] = h.Classes, ["secondsPerImage"] = h.SecondsPerImage, ["cleanRecallAt1"] = h.CleanRecallAt1,
                ["meanPsnr"] = Num(h.MeanPsnr),
                ["psrRecallAt1"] = new JsonObject(Tasks.Select(t => KeyValuePair.Create(t.Label(), Num(h.PsrRecallAt1[t])))),
                ["psrMapAtClassSize"] = new JsonObject(Tasks.Select(t => KeyValuePair.Create(t.Label(), Num(h.PsrMapAtClassSize[t])))),
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Csv(RobustnessResult result)
    {
        var text = new StringBuilder("section,model,condition,ba_recall_at_1,").Append(string.Join(",", Tasks.Select(t => $"psr_r1_{t.Label()}")))
            .Append(',').Append(string.Join(",", Tasks.Select(t => $"psr_mapc_{t.Label()}"))).Append(",weakened\n");
        foreach (var (section, rows) in new[] { ("filter", result.Filters), ("pruning", result.Pruning) })
            foreach (var r in rows)
                text.Append(section).Append(',').Append(r.Model).Append(",\"").Append(r.Condition).Append("\",").Append(F(r.Ba)).Append(',')
                    .Append(string.Join(",", Tasks.Select(t => F(r.PsrRecallAt1[t])))).Append(',')
                    .Append(string.Join(",", Tasks.Select(t => F(r.PsrMapAtClassSize[t])))).Append(',')
                    .Append(string.Join(" ", r.Weakened.Select(t => t.Label()))).Append('\n');
        return text.ToString();
    }

    private static byte[] FilterBars(RobustnessResult result)
    {
        RecallPlotWriter.RegisterFonts();
        var panels = new List<byte[]>();
        foreach (var model in result.Filters.Select(r => r.Model).Distinct())
        {
            var rows = result.Filters.Where(r => r.Model == model).ToList();
            var plot = new Plot();
            var palette = new ScottPlot.Palettes.Category10();
            var series = new List<(string Name, Func<RobustnessRow, double?> Value)> { ("BA", r => r.Ba) };
            series.AddRange(Tasks.Select(t => ($"PSR {t.Label()}", (Func<RobustnessRow, double?>)(r => r.PsrRecallAt1[t]))));
            for (int s = 0; s < series.Count; s++)
            {
                var bars = rows.Select((r, i) => new Bar
                {
                    Position = i * (series.Count + 1) + s,
                    Value = 100 * (series[s].Value(r) ?? 0),
                    FillColor = palette.GetColor(s),
                }).ToList();
                plot.Add.Bars(bars);
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                rows.Select((_, i) => i * (series.Count + 1) + (series.Count - 1) / 2.0).ToArray(), rows.Select(r => r.Condition).ToArray());
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 90; // room for the rotated filter names
            plot.Axes.Left.Label.Text = "% (R@1)";
            plot.Axes.SetLimitsY(-10, 110);
            plot.Title($"{model}: BA and PSR under input filters");
            plot.ShowLegend(Alignment.UpperRight);
            panels.Add(plot.GetImageBytes(900, 480, ImageFormat.Png));
        }
        return PanelStrip.ComposeVertically(panels, 900, 480); // filter panels are wide: one under the other
    }

    private static byte[] PruningCurves(RobustnessResult result)
    {
        RecallPlotWriter.RegisterFonts();
        var panels = new List<byte[]>();
        foreach (var model in result.Pruning.Select(r => r.Model).Distinct())
        {
            var rows = result.Pruning.Where(r => r.Model == model).ToList();
            double[] xs = rows.Select((_, i) => (double)i).ToArray();
            var plot = new Plot();
            void Line(string name, IEnumerable<double?> values)
            {
                var line = plot.Add.Scatter(xs, values.Select(v => 100 * (v ?? double.NaN)).ToArray());
                line.LegendText = name;
                line.LineWidth = 2;
            }
            Line("BA (C->C R@1)", rows.Select(r => (double?)r.Ba));
            foreach (var t in Tasks) Line($"PSR R@1 {t.Label()}", rows.Select(r => r.PsrRecallAt1[t]));
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, rows.Select(r => r.Condition.Split(' ')[1]).ToArray());
            plot.Axes.Bottom.Label.Text = "channels pruned";
            plot.Axes.Left.Label.Text = "%";
            plot.Title($"{model}: fine-pruning the last stage");
            plot.ShowLegend(Alignment.LowerLeft);
            panels.Add(plot.GetImageBytes(700, 450, ImageFormat.Png));
        }
        return PanelStrip.Compose(panels, 700, 450);
    }

    private static string P(double? v) => v is { } x && !double.IsNaN(x) ? (100 * x).ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static JsonNode? Num(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(x) : null;
}
