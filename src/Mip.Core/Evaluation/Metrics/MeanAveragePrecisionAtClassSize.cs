using Mip.Evaluation.Search;

namespace Mip.Evaluation.Metrics;

/// <summary>
/// mAP_c as the paper's code computes it. Per query, R = number of gallery items of its label, INCLUDING the query's
/// own copy when that is in the gallery; over the first R neighbours after the exclusion rule,
/// AP = sum over hit ranks i of (hits in the first i) / i, divided by R. Under self-exclusion a perfect ranking scores
/// (R - 1) / R, not 1. Every query counts; one whose label is absent from the gallery scores 0. When the search kept
/// fewer than R neighbours, the unseen ranks count as misses (as slicing a short ranking does in the paper's code),
/// so the value is a lower bound; <see cref="NeedsMoreNeighbours"/> tells when that happens.
/// </summary>
public static class MeanAveragePrecisionAtClassSize
{
    /// <summary>mAP_c in [0, 1].</summary>
    public static double Compute(TopKResult neighbours, int[] queryLabels, int[] galleryLabels)
    {
        MetricInputs.Check(neighbours, queryLabels, galleryLabels);
        var classSizes = SearchExclusion.ClassSizes(galleryLabels);
        double total = 0;
        for (int q = 0; q < neighbours.QueryCount; q++)
        {
            int label = queryLabels[q];
            int classSize = classSizes.GetValueOrDefault(label);
            if (classSize == 0) continue;
            var ranking = neighbours.NeighboursOf(q);
            int depth = Math.Min(classSize, ranking.Length);
            int hits = 0;
            double precisionSum = 0;
            for (int i = 0; i < depth; i++)
            {
                if (galleryLabels[ranking[i]] != label) continue;
                hits++;
                precisionSum += (double)hits / (i + 1);
            }
            total += precisionSum / classSize;
        }
        return total / neighbours.QueryCount;
    }

    /// <summary>True when some query's class is larger than the number of neighbours the search kept.</summary>
    public static bool NeedsMoreNeighbours(TopKResult neighbours, int[] queryLabels, int[] galleryLabels)
    {
        MetricInputs.Check(neighbours, queryLabels, galleryLabels);
        var classSizes = SearchExclusion.ClassSizes(galleryLabels);
        return queryLabels.Any(label => classSizes.GetValueOrDefault(label) > neighbours.K);
    }
}
