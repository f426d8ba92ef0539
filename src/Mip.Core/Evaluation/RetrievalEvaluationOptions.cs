using Mip.Evaluation.Metrics;
using Mip.Evaluation.Search;

namespace Mip.Evaluation;

/// <summary>Settings of <see cref="RetrievalEvaluator"/>.</summary>
public sealed record RetrievalEvaluationOptions
{
    /// <summary>The k of each Recall@k to report.</summary>
    public IReadOnlyList<int> RecallKs { get; init; } = [1, 2, 4, 8];

    /// <summary>
    /// Cap on the neighbours searched for the class-size metrics (mAP_c, MAP@R, R-precision); Recall@k always gets
    /// its k. The search otherwise keeps max(largest k, largest gallery class) neighbours. With the cap binding,
    /// MAP@R and R-precision cap R at it, as pytorch-metric-learning's AccuracyCalculator does when its k is smaller
    /// than a class (its relevance mask is k wide), and mAP_c counts the unseen ranks as misses
    /// (<see cref="RetrievalScores.MapAtClassSizeIsLowerBound"/>). 1,000 is the k the project's issue sets for MAP@R at
    /// SOP size; the benchmark datasets' classes are far smaller, so it does not bind there.
    /// </summary>
    public int MaxNeighbours { get; init; } = 1000;

    /// <summary>Queries per block of the exact search.</summary>
    public int SearchBlockSize { get; init; } = ExactSearch.DefaultBlockSize;

    /// <summary>Whether to run k-means for NMI and pairwise F1 (minutes at SOP scale on a CPU).</summary>
    public bool ComputeClustering { get; init; } = true;

    /// <summary>Seed of the k-means++ initialisation.</summary>
    public int KMeansSeed { get; init; }

    /// <summary>Lloyd iterations of k-means.</summary>
    public int KMeansIterations { get; init; } = KMeans.DefaultIterations;
}
