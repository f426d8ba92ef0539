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
    public static double Compute(TopKResult neighbours, int[] queryLabels, int[] galleryLabels) =>
        MetricInputs.MeanOverFirstR(neighbours, queryLabels, galleryLabels, AveragePrecisionAtR);

    private static double AveragePrecisionAtR(bool[] relevant)
    {
        int hits = 0;
        double precisionSum = 0;
        for (int i = 0; i < relevant.Length; i++)
        {
            if (!relevant[i]) continue;
            hits++;
            precisionSum += (double)hits / (i + 1);
        }
        return precisionSum / relevant.Length;
    }
}
