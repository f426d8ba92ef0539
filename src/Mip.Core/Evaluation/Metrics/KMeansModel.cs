using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Evaluation.Metrics;

/// <summary>A fitted k-means clustering: its centroids and the final assignment of the points it was fitted on.</summary>
public sealed class KMeansModel
{
    private readonly float[] _centroids;
    private readonly int[] _trainingAssignments;

    internal KMeansModel(float[] centroids, int clusterCount, int dimension, int[] trainingAssignments, int iterationsRun, bool converged)
    {
        _centroids = centroids;
        ClusterCount = clusterCount;
        Dimension = dimension;
        _trainingAssignments = trainingAssignments;
        IterationsRun = iterationsRun;
        Converged = converged;
    }

    /// <summary>Number of clusters k.</summary>
    public int ClusterCount { get; }

    /// <summary>Dimension of the points and centroids.</summary>
    public int Dimension { get; }

    /// <summary>Lloyd updates (assignment then centroid update) that were run.</summary>
    public int IterationsRun { get; }

    /// <summary>True when an update left every assignment unchanged before the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>Nearest-centroid cluster of every training point under the final centroids.</summary>
    public IReadOnlyList<int> TrainingAssignments => _trainingAssignments;

    /// <summary>Coordinates of centroid <paramref name="cluster"/>.</summary>
    public ReadOnlySpan<float> Centroid(int cluster)
    {
        if ((uint)cluster >= (uint)ClusterCount)
            throw new ArgumentOutOfRangeException(nameof(cluster), cluster, $"There are {ClusterCount} clusters.");
        return _centroids.AsSpan(cluster * Dimension, Dimension);
    }

    /// <summary>A new [k, D] float32 tensor of the centroids; the caller owns it.</summary>
    public Tensor CentroidsTensor()
    {
        TorchRuntime.EnsureLoaded();
        // Copied so the tensor never aliases this model's array.
        using var view = tensor(_centroids, [ClusterCount, Dimension]);
        return view.clone();
    }

    /// <summary>Nearest centroid of every row of <paramref name="points"/> ([N, D]); ties go to the lower cluster.</summary>
    public int[] Assign(Tensor points)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = KMeans.AsPoints(points, "points to assign");
        if (x.shape[1] != Dimension)
            throw new EvaluationInputException($"The points to assign have {x.shape[1]} dimensions but the k-means centroids {Dimension}.");
        return KMeans.NearestCentroids(x, CentroidsTensor());
    }
}
