using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// The cached path: the frozen prefix's outputs come from a <see cref="FeatureCache"/> and only the trainable rest of
/// the network runs. Equal to <see cref="ImageBatchEmbedder"/> without augmentation up to the cache's precision.
/// </summary>
public sealed class CachedBatchEmbedder(EmbeddingModel model, FeatureCache cache, TrainingImages images) : IBatchEmbedder
{
    /// <inheritdoc/>
    public Tensor Embed(IReadOnlyList<int> indices, IImageVariant variant)
    {
        using var scope = NewDisposeScope();
        var ids = new int[indices.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = images.Records[indices[i]].Id;
        Tensor features = cache.Gather(ids, variant.Name).to(model.Head.weight!.device);
        return model.ForwardFromCache(features).MoveToOuterDisposeScope();
    }
}
