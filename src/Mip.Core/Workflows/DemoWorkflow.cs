using System.Diagnostics;
using System.Globalization;
using Mip.Data;
using Mip.Data.Synthetic;
using Mip.Evaluation.Stealth;
using Mip.Evaluation.Tasks;
using Mip.Images;
using Mip.IO;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Triggers;

namespace Mip.Workflows;

/// <summary>The result of a demo run: what was measured and where it was written.</summary>
/// <param name="Dataset">The data set used.</param>
/// <param name="Report">The four-task report of the clean, PBL and CBL models.</param>
/// <param name="ReportFolder">Folder of report.md/json/csv and the pictures.</param>
/// <param name="ProtectedPicture">The picture of a few protected test images and their residuals.</param>
/// <param name="Stealth">Mean MSE/PSNR/SSIM of those protected images against their originals.</param>
/// <param name="Timings">Wall time of each stage.</param>
public sealed record DemoResult(Dataset Dataset, PrivacyReport Report, string ReportFolder, string ProtectedPicture, QualityScores Stealth,
    IReadOnlyList<(string Stage, TimeSpan Time)> Timings);

/// <summary>
/// The whole system end to end on a fresh machine with nothing downloaded: draw (or read) a data set; protect a few test
/// photos with the trigger and show them; train the clean model, PBL and CBL briefly from the shipped ImageNet ResNet-18;
/// score all three on the four tasks and the mixed gallery; write the report and the pictures.
/// </summary>
public static class DemoWorkflow
{
    /// <summary>Runs the demo; returns what it measured.</summary>
    public static DemoResult Run(DemoOptions options, IWorkflowProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NoProgress.Instance;
        var timings = new List<(string, TimeSpan)>();
        var clock = Stopwatch.StartNew();
        void Lap(string stage)
        {
            timings.Add((stage, clock.Elapsed));
            clock.Restart();
        }

        var trigger = TriggerCatalog.Create(options.Trigger, new TriggerSettings { Psnr = options.TriggerStrength });
        Directory.CreateDirectory(options.OutputFolder);
        string dataPath = options.DataPath ?? DrawDefaultData(options, progress);
        var dataset = DatasetReaders.Open(dataPath);
        if (dataset.Train.ClassCount < 2) throw new MipInputException($"The data set at '{dataset.Root}' has {dataset.Train.ClassCount} training classes; training needs at least 2.");
        Lap("data");

        var (picture, stealth) = ProtectExamples(dataset.Test.Images, trigger, options, progress);
        Lap("protecting example photos");

        string runs = Path.Combine(options.OutputFolder, "runs");
        string cache = Path.Combine(options.OutputFolder, "cache");
        var trainerOptions = new TrainerOptions
        {
            Epochs = options.Epochs,
            LearningRate = options.LearningRate,
            HeadLearningRate = options.HeadLearningRate,
            BatchSize = 2 * Math.Min(40, dataset.Train.ClassCount),
            SamplesPerClass = 2,
            FrozenStages = 4,
            ValidationFraction = 0,
            Seed = options.Seed,
            CacheFolder = cache,
        };
        var backdoor = new BackdoorSettings { PoisonRatio = options.PoisonRatio };
        var models = new List<NamedModel>();
        try
        {
            foreach (var method in new[] { TrainingMethod.Clean, TrainingMethod.Pbl, TrainingMethod.Cbl })
            {
                models.Add(new NamedModel(method.Name(), Train(method, dataset, trainerOptions, backdoor, trigger, options, runs, progress, cancellation)));
                Lap($"training {method.Name()}");
            }
            string reportFolder = Path.Combine(options.OutputFolder, "report");
            var report = PrivacyEvaluationWorkflow.Run(new PrivacyEvaluationRequest
            {
                Models = models,
                Reference = "clean",
                Images = dataset.Test.Images,
                ImagesName = $"{dataset.Name} test split",
                Trigger = trigger,
                Seed = options.Seed,
                FrozenStages = trainerOptions.FrozenStages,
                CacheFolder = cache,
                OutputFolder = reportFolder,
                Facts =
                [
                    new("data", $"{dataset.Name} at {dataset.Root} ({dataset.Train.Count} training images of {dataset.Train.ClassCount} classes)"),
                    new("models", $"ImageNet ResNet-18 (CNTK export) + 512-d head at {options.InputSize} px; layer4 and head trained {options.Epochs} epochs (lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, head {options.HeadLearningRate.ToString(CultureInfo.InvariantCulture)}), rho {options.PoisonRatio.ToString(CultureInfo.InvariantCulture)}"),
                    new("protected example photos", $"mean PSNR {stealth.Psnr.ToString("F1", CultureInfo.InvariantCulture)} dB, SSIM {stealth.Ssim.ToString("F3", CultureInfo.InvariantCulture)} ({Path.GetFileName(picture)})"),
                ],
            }, progress);
            Lap("evaluating the four tasks");
            return new DemoResult(dataset, report, reportFolder, picture, stealth, timings);
        }
        finally
        {
            foreach (var m in models) m.Model.Dispose();
        }
    }

    private static EmbeddingModel Train(TrainingMethod method, Dataset dataset, TrainerOptions trainerOptions, BackdoorSettings backdoor,
        ITrigger trigger, DemoOptions options, string runs, IWorkflowProgress progress, CancellationToken cancellation)
    {
        string folder = Path.Combine(runs, method.Name());
        // The demo's own runs from an earlier demo: replaced, never resumed, so every demo shows a complete run.
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = options.InputSize, Seed = options.Seed });
        try
        {
            var objective = ObjectiveFactory.Create(method, model, dataset.Train.Images, trainerOptions, backdoor,
                method == TrainingMethod.Clean ? null : trigger);
            progress.BeginStage($"training {method.Name()} ({options.Epochs} epochs)", options.Epochs);
            Trainer.Train(new TrainRequest
            {
                Model = model,
                Objective = objective,
                TrainImages = dataset.Train.Images,
                OutputFolder = folder,
                Options = trainerOptions,
                DatasetName = dataset.Name,
            }, new InlineProgress<TrainingProgress>(p =>
            {
                if (p.Phase == TrainingPhase.Training) progress.Report(p.Epoch - 1 + (double)p.Done / Math.Max(1, p.Total));
            }), cancellation);
            progress.EndStage();
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // Four test photos, protected as a user would before sharing them, shown next to their amplified residuals.
    private static (string Picture, QualityScores Mean) ProtectExamples(IReadOnlyList<ImageRecord> test, ITrigger trigger, DemoOptions options,
        IWorkflowProgress progress)
    {
        progress.BeginStage("protecting example photos", 0);
        var chosen = test.GroupBy(r => r.Label).Select(g => g.First()).Take(4).ToList();
        var cleans = chosen.Select(r => ImageReader.Load(r.Path)).ToList();
        var scores = cleans.Select(c => ImageQuality.Measure(c, trigger.Apply(c))).ToList();
        string path = Path.Combine(options.OutputFolder, "protected-examples.png");
        AtomicFile.WriteAllBytes(path, StealthPicture.Render(cleans, [(trigger.Id.Split(':')[0], trigger)], amplification: 10, cell: 160));
        progress.EndStage();
        return (path, new QualityScores(scores.Average(s => s.Mse), scores.Average(s => s.Psnr), scores.Average(s => s.Ssim)));
    }

    private static string DrawDefaultData(DemoOptions options, IWorkflowProgress progress)
    {
        string root = Path.Combine(options.OutputFolder, "data");
        var synthetic = options.Synthetic;
        progress.BeginStage($"drawing the default data set ({synthetic.Classes} classes x {synthetic.ImagesPerClass} images)", 1);
        SyntheticObjectsGenerator.Generate(root, synthetic, new Progress<double>(progress.Report));
        progress.EndStage();
        return root;
    }

    /// <summary>A fraction as a percentage with two decimals, as the paper's tables print them.</summary>
    public static string Percent(double? value) =>
        value is { } v && !double.IsNaN(v) ? (v * 100).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
}
