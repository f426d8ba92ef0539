using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Evaluation.Search;

/// <summary>
/// Reference search: the full [Q, G] distance matrix, a full stable sort of every row, the first k columns.
/// Obviously correct and memory-hungry (Q x G x 16 bytes at the peak); for tests and benchmarks, not for evaluation
/// at scale.
/// </summary>
public static class NaiveSearch
{
    /// <summary>Same contract as <see cref="ExactSearch.Search"/>, computed without blocking.</summary>
    public static TopKResult Search(Tensor queries, Tensor gallery, int k, SearchExclusion exclusion)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var plan = SearchPlan.Create(queries, gallery, k, exclusion);
        var distances = SquaredDistances.Block(plan.Queries, plan.Gallery.t(), SquaredDistances.GalleryNormsRow(plan.Gallery));
        plan.MaskExcluded(distances, 0);
        var (values, indices) = RankSelection.SmallestByFullSort(distances, plan.Ranked);
        plan.Store(values, indices, 0);
        return plan.ToResult();
    }
}
