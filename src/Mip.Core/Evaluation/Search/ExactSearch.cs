using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Evaluation.Search;

/// <summary>
/// Exact k-nearest-neighbour search by squared Euclidean distance, one block of queries at a time: each block's
/// [B, G] distances come from one matrix product and are reduced to the k nearest at once, so memory grows with
/// B x G, never with Q x G. Results equal <see cref="NaiveSearch"/> exactly, ties included.
/// </summary>
public static class ExactSearch
{
    /// <summary>Queries per block: 1,024 x 60,502 gallery items is a 248 MB float block.</summary>
    public const int DefaultBlockSize = 1024;

    /// <summary>
    /// The <paramref name="k"/> nearest gallery rows of every query under <paramref name="exclusion"/>, nearest first,
    /// ties by ascending gallery row. k is lowered to the number of gallery items every query can still retrieve.
    /// </summary>
    /// <param name="queries">[Q, D] query embeddings (converted to CPU float32 if needed).</param>
    /// <param name="gallery">[G, D] gallery embeddings.</param>
    /// <param name="k">Neighbours wanted per query.</param>
    /// <param name="exclusion">Which gallery items each query must not retrieve.</param>
    /// <param name="blockSize">Queries per block; larger blocks trade memory for fewer, larger matrix products.</param>
    public static TopKResult Search(Tensor queries, Tensor gallery, int k, SearchExclusion exclusion, int blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var plan = SearchPlan.Create(queries, gallery, k, exclusion);
        var galleryTransposed = plan.Gallery.t();
        var galleryNorms = SquaredDistances.GalleryNormsRow(plan.Gallery);
        int bufferRows = Math.Min(blockSize, plan.QueryCount);
        var buffer = empty(bufferRows, plan.GalleryCount, dtype: ScalarType.Float32);
        for (int start = 0; start < plan.QueryCount; start += blockSize)
        {
            using var blockScope = NewDisposeScope();
            int rows = Math.Min(blockSize, plan.QueryCount - start);
            var distances = buffer.narrow(0, 0, rows);
            SquaredDistances.Fill(distances, plan.Queries.narrow(0, start, rows), galleryTransposed, galleryNorms);
            plan.MaskExcluded(distances, start);
            var (values, indices) = RankSelection.Smallest(distances, plan.Ranked);
            plan.Store(values, indices, start);
        }
        return plan.ToResult();
    }
}
