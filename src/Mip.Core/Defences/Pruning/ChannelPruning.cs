using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Defences.Pruning;

/// <summary>
/// Fine-pruning (Liu et al., 2018) of the last convolutional stage: channels are ranked by their mean activation on
/// clean images and the least active are masked to zero. Because the embedding is a linear head over the per-channel
/// mean of that stage's output, masking an output channel is exactly zeroing the head's column for it, so a pruned
/// model is the same network with those head columns zeroed.
/// </summary>
public static class ChannelPruning
{
    /// <summary>Channel indices of the last stage, least active first, from pooled clean features [N, C].</summary>
    public static int[] RankByActivity(Tensor pooledCleanFeatures)
    {
        ArgumentNullException.ThrowIfNull(pooledCleanFeatures);
        using var scope = NewDisposeScope();
        var mean = pooledCleanFeatures.to(ScalarType.Float64).mean([0]);
        return mean.argsort().to(ScalarType.Int64).data<long>().Select(i => (int)i).ToArray();
    }

    /// <summary>The number of channels a <paramref name="ratio"/> prunes out of <paramref name="channels"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is outside 0 to 1.</exception>
    public static int PrunedCount(double ratio, int channels)
    {
        if (!(ratio >= 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, $"The pruning ratio must be between 0 and 1, not {ratio}.");
        return (int)Math.Floor(ratio * channels + 1e-9);
    }

    /// <summary>
    /// Embeddings of pooled last-stage features [N, C] under <paramref name="model"/>'s head with the first
    /// <paramref name="prunedCount"/> channels of <paramref name="ranking"/> masked: normalize(W (f * mask) + b).
    /// </summary>
    public static Tensor EmbedPruned(EmbeddingModel model, Tensor pooledFeatures, IReadOnlyList<int> ranking, int prunedCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var mask = ones(pooledFeatures.shape[1], dtype: pooledFeatures.dtype);
        if (prunedCount > 0) mask.index_fill_(0, tensor(ranking.Take(prunedCount).Select(i => (long)i).ToArray()), 0);
        var projected = model.Head.forward(pooledFeatures * mask);
        return nn.functional.normalize(projected, p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>Pooled last-stage features [N, C] of prefix outputs (from a feature cache), without gradients.</summary>
    public static Tensor PooledFeatures(EmbeddingModel model, Tensor prefixOutput)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.Backbone.ForwardStages(prefixOutput, model.FrozenStageCount, model.Backbone.StageCount).mean([2, 3]).MoveToOuterDisposeScope();
    }
}
