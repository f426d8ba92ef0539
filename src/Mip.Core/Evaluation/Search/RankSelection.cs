using static TorchSharp.torch;

namespace Mip.Evaluation.Search;

/// <summary>
/// Picks the k smallest entries of every row with a deterministic tie rule: ascending distance, then ascending
/// column. torch.topk alone leaves both the order among equal values and the choice among values tied at the k-th
/// place unspecified.
/// </summary>
internal static class RankSelection
{
    /// <summary>Values and int64 column indices [B, k] of the k smallest entries per row of <paramref name="distances"/>.</summary>
    public static (Tensor Values, Tensor Indices) Smallest(Tensor distances, int k)
    {
        // One candidate more than needed: a row can only hide a tie at the k-th place outside the selection when its
        // (k+1)-th smallest value equals its k-th, and that is visible without another pass over the row.
        long columns = distances.shape[1];
        int candidates = (int)Math.Min(k + 1L, columns);
        var (values, indices) = distances.topk(candidates, dim: 1, largest: false, sorted: false);

        // Order the candidates by column first, then stably by value, giving (value, column) order.
        var (byColumn, columnOrder) = indices.sort(dim: 1);
        var valuesByColumn = values.gather(1, columnOrder);
        var (sortedValues, valueOrder) = valuesByColumn.sort(dim: 1, stable: true);
        var sortedIndices = byColumn.gather(1, valueOrder);
        var keptValues = sortedValues.narrow(1, 0, k);
        var keptIndices = sortedIndices.narrow(1, 0, k);
        if (candidates == k) return (keptValues, keptIndices);

        // Rows with a tie across the k-th place (rare with real embeddings) get a full stable sort, the rule by definition.
        var tiedRows = sortedValues.narrow(1, k, 1).eq(sortedValues.narrow(1, k - 1, 1)).squeeze(1).nonzero().squeeze(1);
        if (tiedRows.numel() == 0) return (keptValues, keptIndices);
        keptValues = keptValues.contiguous();
        keptIndices = keptIndices.contiguous();
        var (rowValues, rowIndices) = distances.index_select(0, tiedRows).sort(dim: 1, stable: true);
        keptValues.index_copy_(0, tiedRows, rowValues.narrow(1, 0, k));
        keptIndices.index_copy_(0, tiedRows, rowIndices.narrow(1, 0, k));
        return (keptValues, keptIndices);
    }

    /// <summary>The k smallest entries per row by a full stable sort (the reference the fast path must equal).</summary>
    public static (Tensor Values, Tensor Indices) SmallestByFullSort(Tensor distances, int k)
    {
        var (values, indices) = distances.sort(dim: 1, stable: true);
        return (values.narrow(1, 0, k), indices.narrow(1, 0, k));
    }
}
