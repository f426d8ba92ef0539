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
        var (values, indices) = distances.topk(k, dim: 1, largest: false, sorted: true);

        // Inside the selection: order by column first, then stably by value, giving (value, column) order.
        var (byColumn, columnOrder) = indices.sort(dim: 1);
        var valuesByColumn = values.gather(1, columnOrder);
        var (sortedValues, valueOrder) = valuesByColumn.sort(dim: 1, stable: true);
        var sortedIndices = byColumn.gather(1, valueOrder);

        // A value tied with the k-th one may lie outside the selection with a lower column. Such rows are rare with
        // real embeddings; they get a full stable sort of the row, which is the rule by definition.
        var kth = sortedValues.narrow(1, k - 1, 1);
        var atOrBelow = distances.le(kth).sum(1);
        var tiedRows = atOrBelow.gt(k).nonzero().squeeze(1);
        if (tiedRows.numel() > 0)
        {
            var (rowValues, rowIndices) = distances.index_select(0, tiedRows).sort(dim: 1, stable: true);
            sortedValues.index_copy_(0, tiedRows, rowValues.narrow(1, 0, k));
            sortedIndices.index_copy_(0, tiedRows, rowIndices.narrow(1, 0, k));
        }
        return (sortedValues, sortedIndices);
    }

    /// <summary>The k smallest entries per row by a full stable sort (the reference the fast path must equal).</summary>
    public static (Tensor Values, Tensor Indices) SmallestByFullSort(Tensor distances, int k)
    {
        var (values, indices) = distances.sort(dim: 1, stable: true);
        return (values.narrow(1, 0, k), indices.narrow(1, 0, k));
    }
}
