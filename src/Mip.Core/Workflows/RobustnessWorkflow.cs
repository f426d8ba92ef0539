using System.Diagnostics;
using System.Globalization;
using Mip.Data;
using Mip.Defences.Adversarial;
using Mip.Defences.Filters;
using Mip.Defences.Pruning;
using Mip.Evaluation;
using Mip.Evaluation.Stealth;
using Mip.Evaluation.Tasks;
using Mip.Images;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Workflows;

/// <summary>
/// Does the protection survive what an adversary or a defender may do? Input filters on queries and gallery (black box,
/// Fig. 11), fine-pruning of the last stage (white box, Fig. 12), and, for comparison, the data-centric HDM
/// perturbation against the clean model. PSR is taken against the clean model under the same filter (the search quality
/// the adversary would otherwise get), and against the unpruned clean model for pruning.
/// </summary>
public static class RobustnessWorkflow
{
    private static readonly PrivacyTask[] Protected = [PrivacyTask.CleanToProtected, PrivacyTask.ProtectedToClean, PrivacyTask.ProtectedToProtected];
    private static readonly RetrievalEvaluationOptions Fast = new() { RecallKs = [1], ComputeClustering = false };

    /// <summary>Runs every measurement and writes the report into the output folder.</summary>
    public static RobustnessResult Run(RobustnessRequest request, IWorkflowProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= NoProgress.Instance;
        var filters = request.Filters.Select(FilterCatalog.Create).ToList();
        foreach (var ratio in request.PruningRatios) ChannelPruning.PrunedCount(ratio, 1);
        request.Hdm?.Validate();
        if (request.Defended.Count == 0) throw new EvaluationInputException("Give at least one defended (backdoored) model.");

        using var scope = NewDisposeScope();
        var trigger = new TriggerImageVariant(request.Trigger);
        var conditions = new List<(string Name, IImageVariant Clean, IImageVariant Protected)> { ("none", CleanImageVariant.Instance, trigger) };
        conditions.AddRange(filters.Select(f => (f.Name, (IImageVariant)new FilteredImageVariant(CleanImageVariant.Instance, f), (IImageVariant)new FilteredImageVariant(trigger, f))));

        var filterRows = new List<RobustnessRow>();
        var referenceByCondition = new Dictionary<string, ModelTaskScores>();
        var unfiltered = new Dictionary<string, RobustnessRow>();
        foreach (var (name, clean, protectedVariant) in conditions)
        {
            referenceByCondition[name] = Score(request.Reference, request, clean, protectedVariant, name, progress);
            foreach (var model in request.Defended)
            {
                var scores = Score(model, request, clean, protectedVariant, name, progress);
                var row = Row(model.Name, name, referenceByCondition[name], scores, name == "none" ? null : unfiltered[model.Name]);
                if (name == "none") unfiltered[model.Name] = row;
                filterRows.Add(row);
            }
        }

        var pruningRows = new List<RobustnessRow>();
        foreach (var model in request.Defended)
            pruningRows.AddRange(Prune(model, request, referenceByCondition["none"], unfiltered[model.Name], progress));

        var hdm = request.Hdm is { } hdmOptions ? Hdm(request, hdmOptions, progress) : null;
        var facts = new List<KeyValuePair<string, string>>(request.Facts)
        {
            new("test images", $"{request.TestImages.Count} ({request.TestImages.Select(r => r.Label).Distinct().Count()} classes)"),
            new("trigger", request.Trigger.Id),
            new("clean reference", request.Reference.Name),
        };
        var result = new RobustnessResult(filterRows, pruningRows, hdm, facts);
        RobustnessReportWriter.WriteAll(request.OutputFolder, result);
        return result;
    }

    private static ModelTaskScores Score(NamedModel model, RobustnessRequest request, IImageVariant clean, IImageVariant protectedVariant,
        string condition, IWorkflowProgress progress)
    {
        using var scope = NewDisposeScope();
        var embeddings = TaskEmbedding.Embed(model.Model, request.TestImages, $"test ({condition}, {model.Name})", clean, protectedVariant,
            request.FrozenStages, request.CacheFolder, progress, request.BatchSize);
        return PrivacyTaskEvaluator.Evaluate(model.Name, embeddings, PrivacyTasks.All, [ExclusionRule.Strict], Fast);
    }

    private static RobustnessRow Row(string model, string condition, ModelTaskScores reference, ModelTaskScores scores, RobustnessRow? baseline)
    {
        var r1 = new Dictionary<PrivacyTask, double?>();
        var map = new Dictionary<PrivacyTask, double?>();
        var weakened = new List<PrivacyTask>();
        foreach (var task in Protected)
        {
            var rates = PrivacySuccessRate.ForTask(reference, scores, task, ExclusionRule.Strict, ["R@1", "mAP_c"]);
            r1[task] = rates["R@1"];
            map[task] = rates["mAP_c"];
            if (baseline?.PsrRecallAt1[task] is { } before && r1[task] is { } now && before > 0 && now < 0.9 * before) weakened.Add(task);
        }
        return new RobustnessRow(model, condition, scores.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1], r1, map, weakened);
    }

    private static IEnumerable<RobustnessRow> Prune(NamedModel model, RobustnessRequest request, ModelTaskScores reference, RobustnessRow unpruned,
        IWorkflowProgress progress)
    {
        using var scope = NewDisposeScope();
        var net = model.Model;
        net.FreezeStages(Math.Clamp(request.FrozenStages, 0, net.Backbone.StageCount - 1));
        progress.BeginStage($"fine-pruning {model.Name}: ranking channels on clean images", 0);
        var ranking = ChannelPruning.RankByActivity(Pooled(net, request.CleanImages, CleanImageVariant.Instance, request));
        var cleanTest = Pooled(net, request.TestImages, CleanImageVariant.Instance, request);
        var protectedTest = Pooled(net, request.TestImages, new TriggerImageVariant(request.Trigger), request);
        progress.EndStage();
        int channels = (int)cleanTest.shape[1];
        int[] labels = request.TestImages.Select(r => r.Label).ToArray();
        long[] ids = request.TestImages.Select(r => (long)r.Id).ToArray();
        string Condition(double ratio) =>
            string.Create(CultureInfo.InvariantCulture, $"prune {ratio * 100:0}% ({ChannelPruning.PrunedCount(ratio, channels)} of {channels})");
        ModelTaskScores ScorePruned(EmbeddingModel scored, Tensor clean, Tensor protectedFeatures, int pruned) =>
            PrivacyTaskEvaluator.Evaluate(model.Name, new TaskEmbeddings(
                new EmbeddingSet(ChannelPruning.EmbedPruned(scored, clean, ranking, pruned), labels, ids, "clean test (pruned)"),
                new EmbeddingSet(ChannelPruning.EmbedPruned(scored, protectedFeatures, ranking, pruned), labels, ids, "protected test (pruned)")),
                PrivacyTasks.All, [ExclusionRule.Strict], Fast);

        var rows = new List<RobustnessRow>();
        foreach (double ratio in request.PruningRatios)
        {
            using var step = NewDisposeScope();
            var scores = ScorePruned(net, cleanTest, protectedTest, ChannelPruning.PrunedCount(ratio, channels));
            rows.Add(Row(model.Name, Condition(ratio), reference, scores, unpruned));
        }
        if (request.FineTuneEpochs > 0)
        {
            // The defender's full fine-pruning: prune, then fine-tune on clean images; reported as its own curve. The
            // fine-tuning runs live in a temporary folder, never in the report's.
            var work = Directory.CreateTempSubdirectory("mip-fine-pruning-");
            try
            {
                foreach (double ratio in request.PruningRatios)
                {
                    int pruned = ChannelPruning.PrunedCount(ratio, channels);
                    progress.BeginStage($"fine-pruning {model.Name}: {ratio * 100:0}% pruned, fine-tuning {request.FineTuneEpochs} epochs", 0);
                    using var tuned = PrunedFineTuning.FineTune(net, ranking.Take(pruned).ToArray(), request.CleanImages, FineTuneOptions(request), work.FullName);
                    tuned.FreezeStages(net.FrozenStageCount);
                    using var step = NewDisposeScope();
                    var scores = ScorePruned(tuned, Pooled(tuned, request.TestImages, CleanImageVariant.Instance, request),
                        Pooled(tuned, request.TestImages, new TriggerImageVariant(request.Trigger), request), pruned);
                    rows.Add(Row($"{model.Name} + fine-tune", Condition(ratio), reference, scores, unpruned));
                    progress.EndStage();
                }
            }
            finally
            {
                work.Delete(recursive: true);
            }
        }
        return rows;
    }

    private static TrainerOptions FineTuneOptions(RobustnessRequest request) => new()
    {
        Epochs = request.FineTuneEpochs,
        LearningRate = 3e-5,
        HeadLearningRate = 3e-4,
        BatchSize = 2 * Math.Min(40, request.CleanImages.Select(r => r.Label).Distinct().Count()),
        SamplesPerClass = 2,
        FrozenStages = request.FrozenStages,
        ValidationFraction = 0,
        CacheFolder = request.CacheFolder,
    };

    private static Tensor Pooled(EmbeddingModel model, IReadOnlyList<ImageRecord> records, IImageVariant variant, RobustnessRequest request)
    {
        var images = new TrainingImages(records, model.InputSize);
        using var cache = new FeatureCache(model);
        if (request.CacheFolder is { } folder) cache.AddPersisted(images, variant, folder, request.BatchSize);
        else cache.Add(images, variant, request.BatchSize);
        var parts = new List<Tensor>();
        for (int start = 0; start < records.Count; start += request.BatchSize)
        {
            var ids = records.Skip(start).Take(request.BatchSize).Select(r => r.Id).ToArray();
            parts.Add(ChannelPruning.PooledFeatures(model, cache.Gather(ids, variant.Name)));
        }
        return cat(parts, 0);
    }

    private static HdmResult Hdm(RobustnessRequest request, HdmOptions options, IWorkflowProgress progress)
    {
        using var scope = NewDisposeScope();
        var model = request.Reference.Model;
        var classes = request.TestImages.Select(r => r.Label).Distinct().Order().Take(request.HdmClasses).ToHashSet();
        var records = request.TestImages.Where(r => classes.Contains(r.Label)).ToList();
        progress.BeginStage($"HDM: {options.Iterations} sign-gradient steps on {records.Count} images", records.Count);
        var cleanImages = records.Select(r => { var i = ImageReader.Load(r.Path); return i.Resize(model.InputSize, model.InputSize); }).ToList();
        var perturbed = new List<RgbImage>();
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < cleanImages.Count; start += 16)
        {
            using var step = NewDisposeScope();
            var batch = ImageTensors.ToBatch(cleanImages.Skip(start).Take(16).ToArray());
            var moved = HdmPerturbation.Perturb(model, batch, options);
            for (int i = 0; i < moved.shape[0]; i++) perturbed.Add(ImageTensors.FromTensor(moved[i]));
            progress.Report(perturbed.Count);
        }
        double secondsPerImage = clock.Elapsed.TotalSeconds / Math.Max(1, records.Count);
        progress.EndStage();
        double psnr = cleanImages.Zip(perturbed, ImageQuality.Psnr).Average();

        model.eval();
        Tensor Embed(IReadOnlyList<RgbImage> images)
        {
            using var _ = no_grad();
            var parts = new List<Tensor>();
            for (int start = 0; start < images.Count; start += request.BatchSize)
                parts.Add(model.forward(ImageTensors.ToBatch(images.Skip(start).Take(request.BatchSize).ToArray())));
            return cat(parts, 0);
        }
        int[] labels = records.Select(r => r.Label).ToArray();
        long[] ids = records.Select(r => (long)r.Id).ToArray();
        var embeddings = new TaskEmbeddings(new EmbeddingSet(Embed(cleanImages), labels, ids, "clean HDM subset"),
            new EmbeddingSet(Embed(perturbed), labels, ids, "HDM-perturbed subset"));
        var scores = PrivacyTaskEvaluator.Evaluate(request.Reference.Name, embeddings, PrivacyTasks.All, [ExclusionRule.Strict], Fast);
        var r1 = new Dictionary<PrivacyTask, double?>();
        var map = new Dictionary<PrivacyTask, double?>();
        foreach (var task in Protected)
        {
            var rates = PrivacySuccessRate.ForTask(scores, scores, task, ExclusionRule.Strict, ["R@1", "mAP_c"]);
            r1[task] = rates["R@1"];
            map[task] = rates["mAP_c"];
        }
        return new HdmResult(records.Count, classes.Count, secondsPerImage, scores.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1], psnr, r1, map);
    }
}
