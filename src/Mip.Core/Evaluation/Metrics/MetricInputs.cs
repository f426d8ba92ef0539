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

    /// <summary>Average of per-query values; NaN when no query was counted.</summary>
    public static double Mean(double sum, int count) => count == 0 ? double.NaN : sum / count;
}
