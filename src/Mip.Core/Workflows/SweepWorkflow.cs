using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mip.Evaluation.Reports;
using Mip.Evaluation.Tasks;
using Mip.IO;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using ScottPlot;

namespace Mip.Workflows;

/// <summary>One point's outcome: its benign accuracy and privacy success rates.</summary>
public sealed record SweepResult(SweepPoint Point, string Checkpoint, double BaRecallAt1, double? CleanBaRecallAt1,
    IReadOnlyDictionary<PrivacyTask, double?> PsrRecallAt1, IReadOnlyDictionary<PrivacyTask, double?> PsrMapAtClassSize);

/// <summary>
/// Trains one backdoored model per sweep point (same data, model, schedule and seed; only the swept setting changes),
/// scores each on the four tasks of the evaluation images against one clean reference, and writes sweep.md, .json,
/// .csv and sweep.png. By default the evaluation images are the validation classes, so a sweep can choose settings
/// without touching the test split.
/// </summary>
public static class SweepWorkflow
{
    /// <summary>Runs the sweep; every point's run lives in its own folder under the output folder.</summary>
    public static IReadOnlyList<SweepResult> Run(SweepRequest request, IWorkflowProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= NoProgress.Instance;
        var points = request.Points();
        if (points.Count == 0) throw new MipInputException("The sweep has no values: give --values.");
        request.Kind.RequireFits(request.Method);
        foreach (var p in points)
        {
            if (!(p.Settings.PoisonRatio > 0 && p.Settings.PoisonRatio <= 1)) throw new MipInputException($"Sweep point {p.Name}: the poisoning ratio must be in (0, 1].");
            if (p.Settings.Beta < 0 || p.Settings.Gamma < 0 || p.Settings.Lambda < 0 || p.Settings.CentreWeight < 0 || p.Settings.DecorrelationWeight < 0 || p.Settings.PrivacyMargin < 0)
                throw new MipInputException($"Sweep point {p.Name}: loss weights and margins must not be negative.");
        }
        Directory.CreateDirectory(request.OutputFolder);

        string cleanCheckpoint = request.CleanCheckpoint ?? TrainOne(request, TrainingMethod.Clean, new BackdoorSettings(), "clean", progress, cancellation);
        var results = new List<SweepResult>();
        using var clean = EmbeddingModelCheckpoint.Load(cleanCheckpoint).Model;
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            string checkpoint = TrainOne(request, request.Method, point.Settings, $"point-{i + 1}", progress, cancellation);
            using var tuned = EmbeddingModelCheckpoint.Load(checkpoint).Model;
            var report = PrivacyEvaluationWorkflow.Run(new PrivacyEvaluationRequest
            {
                Models = [new NamedModel("clean", clean), new NamedModel(point.Name, tuned)],
                Reference = "clean",
                Images = request.EvaluationImages,
                ImagesName = request.EvaluationName,
                Trigger = request.Trigger,
                Rules = [ExclusionRule.Strict],
                MixedFraction = null,
                FrozenStages = request.TrainerOptions.FrozenStages,
                CacheFolder = request.TrainerOptions.CacheFolder,
                Pictures = false,
            }, progress);
            var reference = report.Models[0];
            var model = report.Models[1];
            var psrR1 = new Dictionary<PrivacyTask, double?>();
            var psrMap = new Dictionary<PrivacyTask, double?>();
            foreach (var task in PrivacyTasks.All.Skip(1))
            {
                var rates = report.Psr(model, task, ExclusionRule.Strict)!;
                psrR1[task] = rates["R@1"];
                psrMap[task] = rates["mAP_c"];
            }
            results.Add(new SweepResult(point, checkpoint, model.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1],
                reference.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1], psrR1, psrMap));
            // Written after every point, so a long sweep that is stopped keeps what it measured.
            Write(request, results);
        }
        return results;
    }

    private static string TrainOne(SweepRequest request, TrainingMethod method, BackdoorSettings settings, string folderName,
        IWorkflowProgress progress, CancellationToken cancellation)
    {
        string folder = Path.Combine(request.OutputFolder, folderName);
        string last = Path.Combine(folder, Trainer.LastCheckpointName);
        string best = Path.Combine(folder, Trainer.BestCheckpointName);
        // The clean reference is taken at its best validation epoch, backdoored points at their last (the validation
        // criterion, clean Recall@1, cannot see the backdoor).
        string wanted = method == TrainingMethod.Clean ? best : last;
        // A sweep stopped part-way picks up where it stopped: finished points are kept, an interrupted one resumes.
        if (File.Exists(last) && Checkpoints.CheckpointFile.ReadMetadata(last).Epoch >= request.TrainerOptions.Epochs) return wanted;
        using var model = EmbeddingModelFactory.Create(request.ModelOptions);
        var objective = ObjectiveFactory.Create(method, model, request.Dataset.Train.Images, request.TrainerOptions, settings,
            method == TrainingMethod.Clean ? null : request.Trigger);
        progress.BeginStage($"training {folderName} ({method.Name()})", request.TrainerOptions.Epochs);
        Trainer.Train(new TrainRequest
        {
            Model = model,
            Objective = objective,
            TrainImages = request.Dataset.Train.Images,
            OutputFolder = folder,
            Options = request.TrainerOptions,
            Resume = File.Exists(last),
            DatasetName = request.Dataset.Name,
        }, new InlineProgress<TrainingProgress>(p => { if (p.Phase == TrainingPhase.EpochDone) progress.Report(p.Epoch); }), cancellation);
        progress.EndStage();
        return wanted;
    }

    private static void Write(SweepRequest request, IReadOnlyList<SweepResult> results)
    {
        var tasks = PrivacyTasks.All.Skip(1).ToArray();
        string Percent(double? v) => v is { } x && !double.IsNaN(x) ? (100 * x).ToString("F2", CultureInfo.InvariantCulture) : "–";
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Sweep of {request.Kind.Name()} ({request.Method.Name()}) on the {request.EvaluationName}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- trigger: {request.Trigger.Id}\n- training: {string.Join(", ", request.TrainerOptions.Describe().Select(kv => $"{kv.Key}={kv.Value}"))}\n");
        md.Append(CultureInfo.InvariantCulture, $"- clean reference C->C R@1: {Percent(results.FirstOrDefault()?.CleanBaRecallAt1)}\n\n");
        md.Append("| point | BA R@1 | ").Append(string.Join(" | ", tasks.Select(t => $"PSR R@1 {t.Label()}"))).Append(" | ")
            .Append(string.Join(" | ", tasks.Select(t => $"PSR mAP_c {t.Label()}"))).Append(" |\n|---|---:|")
            .Append(string.Concat(Enumerable.Repeat("---:|", 2 * tasks.Length))).Append('\n');
        var csv = new StringBuilder("point,value,ba_recall_at_1,").Append(string.Join(",", tasks.Select(t => $"psr_r1_{t.Label()}")))
            .Append(',').Append(string.Join(",", tasks.Select(t => $"psr_mapc_{t.Label()}"))).Append('\n');
        var json = new JsonArray();
        foreach (var r in results)
        {
            md.Append("| ").Append(r.Point.Name).Append(" | ").Append(Percent(r.BaRecallAt1)).Append(" | ")
                .Append(string.Join(" | ", tasks.Select(t => Percent(r.PsrRecallAt1[t])))).Append(" | ")
                .Append(string.Join(" | ", tasks.Select(t => Percent(r.PsrMapAtClassSize[t])))).Append(" |\n");
            string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
            csv.Append('"').Append(r.Point.Name).Append("\",").Append(F(r.Point.Value)).Append(',').Append(F(r.BaRecallAt1)).Append(',')
                .Append(string.Join(",", tasks.Select(t => F(r.PsrRecallAt1[t])))).Append(',')
                .Append(string.Join(",", tasks.Select(t => F(r.PsrMapAtClassSize[t])))).Append('\n');
            var psr = new JsonObject();
            foreach (var t in tasks) psr[t.Label()] = new JsonObject { ["R@1"] = Json(r.PsrRecallAt1[t]), ["mAP_c"] = Json(r.PsrMapAtClassSize[t]) };
            json.Add(new JsonObject
            {
                ["point"] = r.Point.Name, ["value"] = Json(r.Point.Value), ["checkpoint"] = r.Checkpoint,
                ["baRecallAt1"] = r.BaRecallAt1, ["cleanRecallAt1"] = Json(r.CleanBaRecallAt1), ["psr"] = psr,
                ["poisonRatio"] = r.Point.Settings.PoisonRatio, ["beta"] = r.Point.Settings.Beta, ["gamma"] = r.Point.Settings.Gamma, ["lambda"] = r.Point.Settings.Lambda,
                ["privacyMargin"] = Json(r.Point.Settings.PrivacyMargin), ["centreWeight"] = r.Point.Settings.CentreWeight,
                ["decorrelationWeight"] = r.Point.Settings.DecorrelationWeight,
            });
        }
        md.Append("\nValues in percent; PSR against the clean reference's C->C (Eq. 10), strict rule.\n");
        AtomicFile.WriteAllText(Path.Combine(request.OutputFolder, "sweep.md"), md.ToString());
        AtomicFile.WriteAllText(Path.Combine(request.OutputFolder, "sweep.csv"), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(request.OutputFolder, "sweep.json"), new JsonObject { ["kind"] = request.Kind.ToString(), ["method"] = request.Method.Name(), ["points"] = json }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllBytes(Path.Combine(request.OutputFolder, "sweep.png"), Plot(request, results, tasks));
    }

    private static byte[] Plot(SweepRequest request, IReadOnlyList<SweepResult> results, IReadOnlyList<PrivacyTask> tasks)
    {
        RecallPlotWriter.RegisterFonts();
        var plot = new Plot();
        bool numeric = request.Kind != SweepKind.Ablation;
        double[] xs = numeric ? results.Select(r => r.Point.Value).ToArray() : Enumerable.Range(0, results.Count).Select(i => (double)i).ToArray();
        void Line(string name, IEnumerable<double?> values)
        {
            var line = plot.Add.Scatter(xs, values.Select(v => 100 * (v ?? double.NaN)).ToArray());
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        Line("BA (C->C R@1)", results.Select(r => (double?)r.BaRecallAt1));
        foreach (var t in tasks) Line($"PSR R@1 {t.Label()}", results.Select(r => r.PsrRecallAt1[t]));
        if (!numeric)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, results.Select(r => r.Point.Name).ToArray());
        plot.Axes.Bottom.Label.Text = request.Kind.AxisLabel();
        plot.Axes.Left.Label.Text = "%";
        plot.Title($"{request.Method.Name().ToUpperInvariant()} sweep on the {request.EvaluationName}");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(800, 500, ImageFormat.Png);
    }

    private static JsonNode? Json(double? value) => value is { } v && !double.IsNaN(v) ? JsonValue.Create(v) : null;
}
