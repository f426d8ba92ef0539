using static TorchSharp.torch;

namespace Mip.Learning.Miners;

/// <summary>
/// Distance-weighted sampling (Wu et al. 2017, "Sampling matters in deep embedding learning"), as Roth et al.'s code
/// runs it: for every anchor, one random positive and one negative drawn with probability proportional to
/// 1 / q(d), where q(d) ∝ d^(n-2) (1 - d²/4)^((n-3)/2) is the density of distances between uniform points on the unit
/// sphere in n = embedding-size dimensions. Euclidean distances are clamped below at <see cref="LowerCutoff"/> (0.5) to
/// bound the weights, and negatives at or beyond <see cref="UpperCutoff"/> (1.4, where the loss is zero anyway) get
/// weight zero. When every negative of an anchor is cut off, one is drawn uniformly.
/// </summary>
public sealed class DistanceWeightedMiner(double lowerCutoff = 0.5, double upperCutoff = 1.4) : ITripletMiner
{
    /// <summary>Distances below this are raised to it before weighting.</summary>
    public double LowerCutoff { get; } = lowerCutoff;

    /// <summary>Negatives at or beyond this distance are never drawn.</summary>
    public double UpperCutoff { get; } = upperCutoff;

    /// <inheritdoc/>
    public string Name => "distance-weighted";

    /// <inheritdoc/>
    public TripletIndices Mine(Tensor embeddings, IReadOnlyList<int> labels, SeededRandom random)
    {
        int dim = (int)embeddings.shape[1];
        double[,] squared = BatchDistances.Squared(embeddings);
        var triplets = new List<(int, int, int)>();
        var positives = new List<int>();
        var negatives = new List<int>();
        var logWeights = new List<double>();
        for (int a = 0; a < labels.Count; a++)
        {
            positives.Clear();
            negatives.Clear();
            logWeights.Clear();
            for (int j = 0; j < labels.Count; j++)
            {
                if (j == a) continue;
                if (labels[j] == labels[a])
                {
                    positives.Add(j);
                    continue;
                }
                double d = Math.Sqrt(squared[a, j]);
                if (d >= UpperCutoff) continue;
                d = Math.Max(d, LowerCutoff);
                // log(1/q(d)); the (1 - d²/4) factor is kept away from 0 for d near 2.
                double logInverseDensity = -(dim - 2.0) * Math.Log(d) - (dim - 3.0) / 2.0 * Math.Log(Math.Max(1.0 - 0.25 * d * d, 1e-8));
                negatives.Add(j);
                logWeights.Add(logInverseDensity);
            }
            if (positives.Count == 0) continue;
            int positive = positives[random.NextInt(positives.Count)];
            int negative;
            if (negatives.Count == 0)
            {
                var any = Enumerable.Range(0, labels.Count).Where(j => labels[j] != labels[a]).ToList();
                if (any.Count == 0) continue;
                negative = any[random.NextInt(any.Count)];
            }
            else
            {
                // Weights are normalised in log space first: at n = 512 the raw values overflow a double.
                double max = logWeights.Max();
                double[] weights = logWeights.Select(w => Math.Exp(w - max)).ToArray();
                double u = random.NextDouble() * weights.Sum();
                int pick = 0;
                for (double cumulative = weights[0]; cumulative < u && pick < weights.Length - 1; cumulative += weights[++pick]) { }
                negative = negatives[pick];
            }
            triplets.Add((a, positive, negative));
        }
        return TripletIndices.From(triplets);
    }
}
