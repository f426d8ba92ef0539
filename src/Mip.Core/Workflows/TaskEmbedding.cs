using Mip.Data;
using Mip.Evaluation;
using Mip.Evaluation.Tasks;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Triggers;

namespace Mip.Workflows;

/// <summary>
/// Embeds a split's images clean and protected under one model, for the four tasks. The protected copies are made
/// once per data set, trigger and input size: the frozen prefix's output for each copy goes to the persisted feature
/// cache (keyed by the prefix weights, the trigger id and the image files), so a second model with the same frozen
/// prefix, or a second run, neither re-applies the trigger nor re-runs the prefix.
/// </summary>
public static class TaskEmbedding
{
    /// <summary>
    /// Clean and protected embeddings of <paramref name="records"/> under <paramref name="model"/>, freezing its first
    /// <paramref name="frozenStages"/> stages for the cache (any value gives the same embeddings; matching the training
    /// run's lets models share cached features).
    /// </summary>
    public static TaskEmbeddings Embed(EmbeddingModel model, IReadOnlyList<ImageRecord> records, string splitName, ITrigger trigger,
        int frozenStages, string? cacheFolder, IWorkflowProgress? progress = null, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return Embed(model, records, splitName, CleanImageVariant.Instance, new TriggerImageVariant(trigger), frozenStages, cacheFolder, progress, batchSize);
    }

    /// <summary>
    /// As above with explicit variants for the clean and the protected side (e.g. both passed through an adversary's
    /// filter); the feature cache keys them by variant name.
    /// </summary>
    public static TaskEmbeddings Embed(EmbeddingModel model, IReadOnlyList<ImageRecord> records, string splitName, IImageVariant cleanVariant,
        IImageVariant protectedVariant, int frozenStages, string? cacheFolder, IWorkflowProgress? progress = null, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        progress ??= NoProgress.Instance;
        var images = new TrainingImages(records, model.InputSize);
        var variants = new[] { cleanVariant, protectedVariant };
        model.FreezeStages(Math.Clamp(frozenStages, 0, model.Backbone.StageCount));
        using var cache = new FeatureCache(model);
        foreach (var variant in variants)
        {
            progress.BeginStage($"{(variant == cleanVariant ? "clean" : "protected")} {splitName} images ({variant.Name.Split(':')[0]}) through the frozen stages", records.Count);
            var counter = new IO.InlineProgress<int>(n => progress.Report(n));
            if (cacheFolder is not null) cache.AddPersisted(images, variant, cacheFolder, batchSize, counter);
            else cache.Add(images, variant, batchSize, counter);
            progress.EndStage();
        }
        int[] labels = images.Labels();
        long[] ids = records.Select(r => (long)r.Id).ToArray();
        var clean = Trainer.EmbedForEvaluation(model, images, variants[0], cache, batchSize);
        var triggered = Trainer.EmbedForEvaluation(model, images, variants[1], cache, batchSize);
        return new TaskEmbeddings(
            new EmbeddingSet(clean, labels, ids, $"clean {splitName}"),
            new EmbeddingSet(triggered, labels, ids, $"protected {splitName} ({protectedVariant.Name})"));
    }
}
