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
    public static double Compute(TopKResult neighbours, int[] queryLabels, int[] galleryLabels) =>
        MetricInputs.MeanOverFirstR(neighbours, queryLabels, galleryLabels,
            relevant => (double)relevant.Count(hit => hit) / relevant.Length);
}
