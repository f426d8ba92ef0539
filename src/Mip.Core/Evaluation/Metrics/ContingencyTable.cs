namespace Mip.Evaluation.Metrics;

/// <summary>Counts of items per (class, cluster) pair and their margins, for the clustering metrics.</summary>
internal sealed class ContingencyTable
{
    private ContingencyTable(long total, Cell[] cells, long[] classSizes, long[] clusterSizes)
    {
        Total = total;
        Cells = cells;
        ClassSizes = classSizes;
        ClusterSizes = clusterSizes;
    }

    /// <summary>One non-empty (class, cluster) cell with the sizes of its class and its cluster.</summary>
    public readonly record struct Cell(long Count, long ClassSize, long ClusterSize);

    public long Total { get; }

    public Cell[] Cells { get; }

    public long[] ClassSizes { get; }

    public long[] ClusterSizes { get; }

    public static ContingencyTable Build(int[] classes, int[] clusters)
    {
        if (classes is null) throw new EvaluationInputException("No class labels were given.");
        if (clusters is null) throw new EvaluationInputException("No cluster labels were given.");
        if (classes.Length != clusters.Length)
            throw new EvaluationInputException($"There are {classes.Length} class labels but {clusters.Length} cluster labels.");
        var cells = new Dictionary<(int Class, int Cluster), long>();
        var classSizes = new Dictionary<int, long>();
        var clusterSizes = new Dictionary<int, long>();
        for (int i = 0; i < classes.Length; i++)
        {
            cells[(classes[i], clusters[i])] = cells.GetValueOrDefault((classes[i], clusters[i])) + 1;
            classSizes[classes[i]] = classSizes.GetValueOrDefault(classes[i]) + 1;
            clusterSizes[clusters[i]] = clusterSizes.GetValueOrDefault(clusters[i]) + 1;
        }
        var cellArray = cells.Select(kv => new Cell(kv.Value, classSizes[kv.Key.Class], clusterSizes[kv.Key.Cluster])).ToArray();
        return new ContingencyTable(classes.Length, cellArray, classSizes.Values.ToArray(), clusterSizes.Values.ToArray());
    }

    /// <summary>Number of unordered pairs among <paramref name="n"/> items.</summary>
    public static long Pairs(long n) => n * (n - 1) / 2;
}
