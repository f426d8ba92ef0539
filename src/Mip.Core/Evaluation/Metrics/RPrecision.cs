using Mip.Evaluation.Search;

namespace Mip.Evaluation.Metrics;

/// <summary>
/// R-precision (Musgrave et al.): per query, the fraction of relevant items among the first R neighbours, with R as
/// in <see cref="MapAtR"/> (relevant gallery items once the query itself is set aside, capped at the K kept).
/// Queries with R = 0 are left out of the mean.
/// </summary>
public static class RPrecision
{
    /// <summary>R-precision in [0, 1]; NaN when no query has a relevant gallery item.</summary>
    public static double Compute(TopKResult neighbours, int[] queryLabels, int[] galleryLabels)
    {
        MetricInputs.Check(neighbours, queryLabels, galleryLabels);
        int[] relevantCounts = neighbours.Exclusion.RelevantCounts(queryLabels, galleryLabels);
        double total = 0;
        int counted = 0;
        for (int q = 0; q < neighbours.QueryCount; q++)
        {
            int r = Math.Min(relevantCounts[q], neighbours.K);
            if (r == 0) continue;
            var ranking = neighbours.NeighboursOf(q);
            int label = queryLabels[q], hits = 0;
            for (int i = 0; i < r; i++)
                if (galleryLabels[ranking[i]] == label) hits++;
            total += (double)hits / r;
            counted++;
        }
        return MetricInputs.Mean(total, counted);
    }
}
