using System.Runtime.InteropServices;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Evaluation.Metrics;

/// <summary>
/// Seeded k-means with k-means++ initialisation (Arthur and Vassilvitskii: first centre uniform, each next one drawn
/// with probability proportional to the squared distance to the nearest chosen centre) and Lloyd iterations on the
/// CPU with torch. An empty cluster keeps its previous centroid. The same seed and data give the same clustering.
/// </summary>
public static class KMeans
{
    /// <summary>Lloyd iterations by default: the 20 of faiss's k-means, which the paper's code uses.</summary>
    public const int DefaultIterations = 20;

    // Elements of one [points, clusters] score block: 32 M floats = 128 MB.
    private const long ScoreBlockElements = 32L << 20;

    /// <summary>
    /// Clusters the rows of <paramref name="points"/> ([N, D]) into <paramref name="clusters"/> groups, stopping after
    /// <paramref name="maxIterations"/> updates or as soon as an update changes no assignment.
    /// </summary>
    public static KMeansModel Fit(Tensor points, int clusters, int seed, int maxIterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clusters);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = AsPoints(points, "points to cluster");
        int n = (int)x.shape[0], dimension = (int)x.shape[1];
        if (clusters > n)
            throw new EvaluationInputException($"k-means was asked for {clusters} clusters of only {n} points.");

        var centroids = PlusPlusCentres(x, clusters, new Random(seed));
        int[] assignments = NearestCentroids(x, centroids);
        int iterations = 0;
        bool converged = false;
        while (iterations < maxIterations)
        {
            var updated = UpdatedCentroids(x, assignments, centroids);
            centroids.Dispose();
            centroids = updated;
            iterations++;
            int[] next = NearestCentroids(x, centroids);
            converged = next.AsSpan().SequenceEqual(assignments);
            assignments = next;
            if (converged) break;
        }

        var centroidValues = new float[clusters * dimension];
        MemoryMarshal.Cast<byte, float>(centroids.contiguous().bytes).CopyTo(centroidValues);
        return new KMeansModel(centroidValues, clusters, dimension, assignments, iterations, converged);
    }

    /// <summary>Validated CPU float32 contiguous copy (or view) of an [N, D] point matrix.</summary>
    internal static Tensor AsPoints(Tensor points, string what)
    {
        if (points is null) throw new EvaluationInputException($"No {what} were given.");
        if (points.dim() != 2 || points.shape[0] < 1 || points.shape[1] < 1)
            throw new EvaluationInputException($"The {what} must be a non-empty 2-D [N, D] tensor, but have shape [{string.Join(", ", points.shape)}].");
        if (!points.is_floating_point())
            throw new EvaluationInputException($"The {what} must be floating point, but are {points.dtype}.");
        var converted = points.to(ScalarType.Float32, CPU).contiguous();
        if (!isfinite(converted).all().item<bool>())
            throw new EvaluationInputException($"The {what} contain NaN or infinite values.");
        return converted;
    }

    /// <summary>Index of the nearest centroid of every row, by blocks of rows; argmin picks the first of equal scores.</summary>
    internal static int[] NearestCentroids(Tensor x, Tensor centroids)
    {
        int n = (int)x.shape[0];
        long clusterCount = centroids.shape[0];
        int blockRows = (int)Math.Clamp(ScoreBlockElements / clusterCount, 1, n);
        var result = new int[n];
        using var scope = NewDisposeScope();
        // ||x||^2 is the same for every centroid of a row, so ||c||^2 - 2 x.c ranks the centroids.
        var centroidNorms = centroids.square().sum(1).unsqueeze(0);
        var centroidsTransposed = centroids.t();
        for (int start = 0; start < n; start += blockRows)
        {
            using var blockScope = NewDisposeScope();
            int rows = Math.Min(blockRows, n - start);
            var scores = addmm(centroidNorms, x.narrow(0, start, rows), centroidsTransposed, beta: 1, alpha: -2);
            var nearest = scores.argmin(1).to_type(ScalarType.Int32).contiguous();
            MemoryMarshal.Cast<byte, int>(nearest.bytes).CopyTo(result.AsSpan(start, rows));
        }
        return result;
    }

    private static Tensor PlusPlusCentres(Tensor x, int clusters, Random random)
    {
        int n = (int)x.shape[0];
        var chosen = new long[clusters];
        var nearest = new float[n];
        var distances = new float[n];
        using (var scope = NewDisposeScope())
        {
            var squaredNorms = x.square().sum(1);
            chosen[0] = random.Next(n);
            SquaredDistancesTo(x, squaredNorms, chosen[0], nearest);
            for (int c = 1; c < clusters; c++)
            {
                chosen[c] = DrawProportionally(nearest, random);
                SquaredDistancesTo(x, squaredNorms, chosen[c], distances);
                for (int i = 0; i < n; i++)
                    if (distances[i] < nearest[i]) nearest[i] = distances[i];
            }
        }
        using var rows = tensor(chosen, dtype: ScalarType.Int64);
        return x.index_select(0, rows);
    }

    /// <summary>Squared distances of every row to row <paramref name="centre"/>, written into <paramref name="into"/>.</summary>
    private static void SquaredDistancesTo(Tensor x, Tensor squaredNorms, long centre, float[] into)
    {
        using var scope = NewDisposeScope();
        var point = x[centre];
        var distances = (squaredNorms + squaredNorms[centre] - 2 * x.mv(point)).clamp_min_(0).contiguous();
        MemoryMarshal.Cast<byte, float>(distances.bytes).CopyTo(into);
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>; uniform when all are 0.</summary>
    private static long DrawProportionally(float[] weights, Random random)
    {
        double total = 0;
        foreach (float w in weights) total += w;
        if (total <= 0) return random.Next(weights.Length);
        double target = random.NextDouble() * total, running = 0;
        int lastPositive = -1;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            running += weights[i];
            lastPositive = i;
            if (running > target) return i;
        }
        // Rounding left the running sum just short of the target: take the last point that had any weight.
        return lastPositive;
    }

    private static Tensor UpdatedCentroids(Tensor x, int[] assignments, Tensor previous)
    {
        using var scope = NewDisposeScope();
        long clusters = previous.shape[0];
        using var index = tensor(assignments, dtype: ScalarType.Int64);
        var sums = zeros(clusters, x.shape[1], dtype: ScalarType.Float32).index_add_(0, index, x, 1);
        var counts = index.bincount(null, minlength: clusters);
        var means = sums / counts.clamp_min(1).to_type(ScalarType.Float32).unsqueeze(1);
        return where(counts.gt(0).unsqueeze(1), means, previous).MoveToOuterDisposeScope();
    }
}
