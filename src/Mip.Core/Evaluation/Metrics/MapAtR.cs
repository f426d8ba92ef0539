using Mip.Evaluation.Search;

namespace Mip.Evaluation.Metrics;

/// <summary>
/// MAP@R (Musgrave et al., "A Metric Learning Reality Check"). Per query, R = number of gallery items relevant to it
/// once the query itself is set aside (<see cref="SearchExclusion.RelevantCounts"/>); AP@R = (1/R) x sum over the
/// first R ranks i of P@i x [rank i is relevant]. A perfect ranking scores 1. Queries with R = 0 are left out of the
/// mean, as pytorch-metric-learning leaves out lone queries. When the search kept K &lt; R neighbours, R is capped
/// at K, as that library's relevance mask of width K does.
/// </summary>
public static class MapAtR
{
    /// <summary>MAP@R in [0, 1]; NaN when no query has a relevant gallery item.</summary>
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
            double precisionSum = 0;
            for (int i = 0; i < r; i++)
            {
                if (galleryLabels[ranking[i]] != label) continue;
                hits++;
                precisionSum += (double)hits / (i + 1);
            }
            total += precisionSum / r;
            counted++;
        }
        return MetricInputs.Mean(total, counted);
    }
}
