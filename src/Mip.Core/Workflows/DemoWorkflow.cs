using System.Text.Json;
using Mip.Data;
using Mip.Data.Synthetic;
using Mip.Evaluation;
using Mip.IO;
using Mip.Models;

namespace Mip.Workflows;

/// <summary>The result of a demo run: the scores and the files written.</summary>
public sealed record DemoResult(Dataset Dataset, RetrievalScores TestScores, string ReportMarkdown, string ReportJson);

/// <summary>
/// The end-to-end path that runs on a fresh machine with nothing downloaded: draw (or read) a data set, embed its
/// held-out classes with the shipped ImageNet ResNet-18 and a fresh head, and measure retrieval on them.
/// </summary>
public static class DemoWorkflow
{
    public static DemoResult Run(DemoOptions options, IWorkflowProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        Directory.CreateDirectory(options.OutputFolder);
        string dataPath = options.DataPath ?? DrawDefaultData(options, progress);
        var dataset = DatasetReaders.Open(dataPath);

        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = options.InputSize, Seed = options.Seed });
        model.eval();
        var test = SplitEmbedding.Embed(model, dataset.Test, progress);
        progress.BeginStage("evaluating retrieval", 0);
        var scores = RetrievalEvaluator.EvaluateSelf(test, new RetrievalEvaluationOptions { KMeansSeed = options.Seed });
        progress.EndStage();

        string markdown = Path.Combine(options.OutputFolder, "report.md");
        string json = Path.Combine(options.OutputFolder, "report.json");
        AtomicFile.WriteAllText(markdown, ToMarkdown(dataset, scores, options));
        AtomicFile.WriteAllText(json, JsonSerializer.Serialize(new
        {
            dataset = dataset.Name,
            root = dataset.Root,
            testImages = dataset.Test.Count,
            testClasses = dataset.Test.ClassCount,
            model = "ImageNet ResNet-18 (CNTK) + fresh 512-d head",
            inputSize = options.InputSize,
            recallAtK = scores.RecallAtK.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            nmi = scores.Nmi,
            f1 = scores.PairwiseF1,
            mapAtClassSize = scores.MapAtClassSize,
            mapAtR = scores.MapAtR,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return new DemoResult(dataset, scores, markdown, json);
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

    private static string ToMarkdown(Dataset dataset, RetrievalScores scores, DemoOptions options)
    {
        var lines = new List<string>
        {
            "# MIP demo report",
            "",
            $"Data: {dataset.Name} at `{dataset.Root}`; test split {dataset.Test.Count} images of {dataset.Test.ClassCount} held-out classes.",
            $"Model: ImageNet ResNet-18 (CNTK export) + fresh 512-d head, input {options.InputSize} px, seed {options.Seed}.",
            "Protocol: each test image queries all others (self excluded).",
            "",
            "| " + string.Join(" | ", scores.RecallAtK.Keys.Select(k => $"R@{k}")) + " | NMI | F1 | mAP_c | MAP@R |",
            "|" + string.Concat(Enumerable.Repeat("---|", scores.RecallAtK.Count + 4)),
            "| " + string.Join(" | ", scores.RecallAtK.Values.Select(Percent)) +
            $" | {Percent(scores.Nmi ?? double.NaN)} | {Percent(scores.PairwiseF1 ?? double.NaN)} | {Percent(scores.MapAtClassSize)} | {Percent(scores.MapAtR)} |",
        };
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>A fraction as a percentage with two decimals, as the paper's tables print them.</summary>
    public static string Percent(double value) => double.IsNaN(value) ? "n/a" : (value * 100).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
}
