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
    /// its k. 1,000 follows the k of about a thousand that Musgrave et al.'s tools search with (faiss's GPU limit);
    /// with the cap binding, MAP@R and R-precision cap R at it and mAP_c counts the unseen ranks as misses. The
    /// benchmark datasets' classes are far smaller, so it does not bind there.
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
