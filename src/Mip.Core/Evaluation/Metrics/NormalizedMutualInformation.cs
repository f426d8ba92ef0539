namespace Mip.Evaluation.Metrics;

/// <summary>
/// Normalised mutual information between class labels and cluster labels with arithmetic normalisation,
/// NMI = I(U; V) / ((H(U) + H(V)) / 2), as scikit-learn's normalized_mutual_info_score computes it by default,
/// including its special cases: 1 when both labelings put everything in one group, 0 when the mutual information is 0.
/// The value does not depend on how the labels are numbered.
/// </summary>
public static class NormalizedMutualInformation
{
    /// <summary>NMI in [0, 1] between <paramref name="classes"/> and <paramref name="clusters"/> (same length).</summary>
    public static double Compute(int[] classes, int[] clusters)
    {
        var table = ContingencyTable.Build(classes, clusters);
        if (table.Total == 0 || (table.ClassSizes.Length == 1 && table.ClusterSizes.Length == 1)) return 1.0;

        double n = table.Total;
        double mutualInformation = 0;
        // Summed cell by cell, with the ratio n n_ij / (a_i b_j) formed from exact integer products, so independent
        // labelings give exactly 0 rather than a rounding residue of H(U) + H(V) - H(U, V).
        foreach (var cell in table.Cells)
            mutualInformation += cell.Count / n * Math.Log(n * cell.Count / ((double)cell.ClassSize * cell.ClusterSize));
        mutualInformation = Math.Max(mutualInformation, 0);
        if (mutualInformation == 0) return 0.0;

        double normaliser = Math.Max((Entropy(table.ClassSizes, n) + Entropy(table.ClusterSizes, n)) / 2, double.Epsilon);
        return Math.Min(mutualInformation / normaliser, 1.0);
    }

    /// <summary>Shannon entropy in nats of a partition with the given group sizes.</summary>
    private static double Entropy(long[] sizes, double n)
    {
        double entropy = 0;
        foreach (long size in sizes) entropy -= size / n * Math.Log(size / n);
        return entropy;
    }
}
