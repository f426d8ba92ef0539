using Mip.Evaluation.Search;

namespace Mip.Evaluation.Metrics;

/// <summary>Checks shared by the ranking metrics.</summary>
internal static class MetricInputs
{
    public static void Check(TopKResult neighbours, int[] queryLabels, int[] galleryLabels)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        if (queryLabels is null) throw new EvaluationInputException("No query labels were given.");
        if (galleryLabels is null) throw new EvaluationInputException("No gallery labels were given.");
        if (queryLabels.Length != neighbours.QueryCount)
            throw new EvaluationInputException(
                $"There are {queryLabels.Length} query labels for a search over {neighbours.QueryCount} queries.");
        if (galleryLabels.Length != neighbours.GalleryCount)
            throw new EvaluationInputException(
                $"There are {galleryLabels.Length} gallery labels for a search over {neighbours.GalleryCount} gallery items.");
    }

    /// <summary>
    /// Mean over queries of <paramref name="score"/>, which sees whether each of a query's first R neighbours is of its
    /// class, R being its relevant gallery items once the query itself is set aside, capped at the K kept (MAP@R and
    /// R-precision both read exactly those R ranks). Queries with R = 0 are left out; NaN when none is left.
    /// </summary>
    public static double MeanOverFirstR(TopKResult neighbours, int[] queryLabels, int[] galleryLabels,
        Func<bool[], double> score)
    {
        Check(neighbours, queryLabels, galleryLabels);
        int[] relevantCounts = neighbours.Exclusion.RelevantCounts(queryLabels, galleryLabels);
        double total = 0;
        int counted = 0;
        for (int q = 0; q < neighbours.QueryCount; q++)
        {
            int r = Math.Min(relevantCounts[q], neighbours.K);
            if (r == 0) continue;
            var ranking = neighbours.NeighboursOf(q);
            var relevant = new bool[r];
            for (int i = 0; i < r; i++) relevant[i] = galleryLabels[ranking[i]] == queryLabels[q];
            total += score(relevant);
            counted++;
        }
        return Mean(total, counted);
    }

    /// <summary>Average of per-query values; NaN when no query was counted.</summary>
    public static double Mean(double sum, int count) => count == 0 ? double.NaN : sum / count;
}
