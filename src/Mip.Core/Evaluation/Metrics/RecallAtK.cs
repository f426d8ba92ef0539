using Mip.Evaluation.Search;

namespace Mip.Evaluation.Metrics;

/// <summary>
/// Recall@k as the field reports it: the fraction of queries with at least one neighbour of their own label among
/// the first k (after the exclusion rule). Every query counts, including one whose class has no other gallery item.
/// </summary>
public static class RecallAtK
{
    /// <summary>Recall@<paramref name="k"/> in [0, 1].</summary>
    public static double Compute(TopKResult neighbours, int[] queryLabels, int[] galleryLabels, int k)
    {
        MetricInputs.Check(neighbours, queryLabels, galleryLabels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (k > neighbours.K)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Recall@{k} needs at least {k} neighbours per query; the search kept {neighbours.K}.");
        int hits = 0;
        for (int q = 0; q < neighbours.QueryCount; q++)
        {
            int label = queryLabels[q];
            foreach (int g in neighbours.NeighboursOf(q)[..k])
            {
                if (galleryLabels[g] != label) continue;
                hits++;
                break;
            }
        }
        return (double)hits / neighbours.QueryCount;
    }

    /// <summary>Recall at each of <paramref name="ks"/>, keyed by k in ascending order.</summary>
    public static IReadOnlyDictionary<int, double> Compute(TopKResult neighbours, int[] queryLabels, int[] galleryLabels, IEnumerable<int> ks)
    {
        ArgumentNullException.ThrowIfNull(ks);
        var result = new SortedDictionary<int, double>();
        foreach (int k in ks.Distinct()) result[k] = Compute(neighbours, queryLabels, galleryLabels, k);
        return result;
    }
}
