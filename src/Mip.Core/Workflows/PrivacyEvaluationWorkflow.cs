using System.Diagnostics;
using System.Globalization;
using Mip.Evaluation;
using Mip.Evaluation.Pictures;
using Mip.Evaluation.Reports;
using Mip.Evaluation.Tasks;
using static TorchSharp.torch;

namespace Mip.Workflows;

/// <summary>
/// Scores clean and backdoored models on the four tasks and the mixed gallery, computes PSR and BA against the clean
/// reference, and writes the report (Markdown, JSON, CSV), the Recall@N curves (Fig. 6), a t-SNE map (Fig. 2) and the
/// top-5 results of fixed queries (Fig. 10).
/// </summary>
public static class PrivacyEvaluationWorkflow
{
    /// <summary>Runs the evaluation; writes into <see cref="PrivacyEvaluationRequest.OutputFolder"/> when it is set.</summary>
    public static PrivacyReport Run(PrivacyEvaluationRequest request, IWorkflowProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Models.Count == 0) throw new EvaluationInputException("Give at least one model to evaluate.");
        if (request.Models.All(m => m.Name != request.Reference))
            throw new EvaluationInputException($"The clean reference model '{request.Reference}' is not among the models evaluated.");
        var duplicate = request.Models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new EvaluationInputException($"Two models are both named '{duplicate.Key}'; give them distinct names.");
        if (request.Images.Count < 3) throw new EvaluationInputException($"The {request.ImagesName} has {request.Images.Count} images; the tasks need at least 3.");
        progress ??= NoProgress.Instance;

        var clock = Stopwatch.StartNew();
        var scores = new List<ModelTaskScores>();
        var mixed = new List<MixedGalleryScores>();
        var leaks = new List<ProtectedLeakScores>();
        var options = new RetrievalEvaluationOptions { KMeansSeed = request.Seed };
        var embedded = new List<(string Model, TaskEmbeddings Embeddings)>();
        using var scope = NewDisposeScope();
        foreach (var (name, model) in request.Models)
        {
            var embeddings = TaskEmbedding.Embed(model, request.Images, request.ImagesName, request.Trigger, request.FrozenStages,
                request.CacheFolder, progress, request.BatchSize);
            embedded.Add((name, embeddings));
            progress.BeginStage($"scoring {name} on {string.Join(", ", request.Tasks.Select(t => t.Label()))}", 0);
            scores.Add(PrivacyTaskEvaluator.Evaluate(name, embeddings, request.Tasks, request.Rules, options));
            if (request.MixedFraction is { } fraction)
                mixed.Add(MixedGalleryEvaluator.Evaluate(name, embeddings, fraction, request.Seed, options.RecallKs));
            if (request.Tasks.Contains(PrivacyTask.CleanToProtected)) leaks.Add(ProtectedLeakEvaluator.Evaluate(name, embeddings));
            progress.EndStage();
        }

        var facts = new List<KeyValuePair<string, string>>(request.Facts)
        {
            new("images", $"{request.ImagesName}: {request.Images.Count} images, {request.Images.Select(r => r.Label).Distinct().Count()} classes"),
            new("trigger", request.Trigger.Id),
            new("clean reference", request.Reference),
            new("evaluation time", $"{clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"),
        };
        var report = new PrivacyReport($"Privacy evaluation on the {request.ImagesName}", facts, request.Reference, scores, mixed, options.RecallKs, leaks);
        if (request.OutputFolder is { } folder)
        {
            PrivacyReportWriter.WriteAll(folder, report);
            foreach (var rule in report.Rules)
                TaskRecallPlotWriter.Write(Path.Combine(folder, $"recall-{rule.ToString().ToLowerInvariant()}.png"), report, rule);
            if (request.Pictures)
            {
                var labels = embedded[0].Embeddings.Clean.Labels;
                progress.BeginStage("t-SNE map of clean and protected embeddings", 0);
                EmbeddingMapPicture.Write(Path.Combine(folder, "tsne.png"), embedded, EmbeddingMapPicture.SampleRows(labels));
                progress.EndStage();
                progress.BeginStage("top-5 results of fixed queries", 0);
                RetrievalExamplesPicture.Write(Path.Combine(folder, "top5.png"), embedded, request.Images, request.Trigger,
                    request.Models[0].Model.InputSize, RetrievalExamplesPicture.QueryRows(labels), request.Tasks);
                progress.EndStage();
            }
        }
        return report;
    }
}
