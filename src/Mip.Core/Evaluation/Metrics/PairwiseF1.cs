namespace Mip.Evaluation.Metrics;

/// <summary>
/// Pairwise F1 of a clustering against class labels, counting unordered pairs as Roth et al.'s benchmark code does:
/// TP = sum over (class, cluster) cells of C(n_ij, 2), TP + FP = sum over clusters of C(b_j, 2),
/// TP + FN = sum over classes of C(a_i, 2).
/// </summary>
public static class PairwiseF1
{
    /// <summary>Scores <paramref name="clusters"/> against <paramref name="classes"/>; a ratio with no pairs to count is 0.</summary>
    public static PairwiseF1Score Compute(int[] classes, int[] clusters)
    {
        var table = ContingencyTable.Build(classes, clusters);
        long truePositives = table.Cells.Sum(cell => ContingencyTable.Pairs(cell.Count));
        long sameCluster = table.ClusterSizes.Sum(ContingencyTable.Pairs);
        long sameClass = table.ClassSizes.Sum(ContingencyTable.Pairs);
        double precision = sameCluster == 0 ? 0 : (double)truePositives / sameCluster;
        double recall = sameClass == 0 ? 0 : (double)truePositives / sameClass;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new PairwiseF1Score(precision, recall, f1);
    }
}
