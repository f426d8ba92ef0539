using Mip.Learning.Training;
using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// Embeds only the batch positions a loss needs in a given image variant, each distinct position once, and hands out
/// rows in any order: poisoned terms touch a few triplets, so embedding the whole batch triggered would waste most of
/// the work (and, uncached, most of the time).
/// </summary>
internal static class BatchRows
{
    /// <summary>Rows [positions.Length, D] of the <paramref name="variant"/> embeddings of batch positions <paramref name="positions"/>.</summary>
    public static Tensor Embed(TrainingBatch batch, IImageVariant variant, IReadOnlyList<int> positions)
    {
        var distinct = positions.Distinct().ToArray();
        var slot = new Dictionary<int, int>();
        for (int i = 0; i < distinct.Length; i++) slot[distinct[i]] = i;
        using var scope = NewDisposeScope();
        Tensor embedded = batch.Embedder.Embed(distinct.Select(p => batch.Indices[p]).ToArray(), variant);
        var gather = tensor(positions.Select(p => (long)slot[p]).ToArray(), ScalarType.Int64, embedded.device);
        return embedded.index_select(0, gather).MoveToOuterDisposeScope();
    }

    /// <summary>Rows of an already embedded batch at <paramref name="positions"/>.</summary>
    public static Tensor Select(Tensor embeddings, IReadOnlyList<int> positions)
    {
        using var scope = NewDisposeScope();
        var index = tensor(positions.Select(p => (long)p).ToArray(), ScalarType.Int64, embeddings.device);
        return embeddings.index_select(0, index).MoveToOuterDisposeScope();
    }
}
