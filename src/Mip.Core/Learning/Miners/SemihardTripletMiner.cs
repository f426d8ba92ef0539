using Mip.Learning.Distances;
using static TorchSharp.torch;

namespace Mip.Learning.Miners;

/// <summary>
/// Semi-hard mining (Schroff et al. 2015, FaceNet): for every anchor-positive pair, one negative drawn at random from
/// those farther than the positive but still inside the margin, d(a,p) &lt; d(a,n) &lt; d(a,p) + margin, measured with the
/// loss's own distance. Pairs without such a negative contribute no triplet.
/// </summary>
public sealed class SemihardTripletMiner(IEmbeddingDistance distance, double margin) : ITripletMiner
{
    /// <inheritdoc/>
    public string Name => "semihard";

    /// <inheritdoc/>
    public TripletIndices Mine(Tensor embeddings, IReadOnlyList<int> labels, SeededRandom random)
    {
        double[,] squared = BatchDistances.Squared(embeddings);
        bool plain = distance is EuclideanDistance;
        double D(int i, int j) => plain ? Math.Sqrt(squared[i, j]) : squared[i, j];
        var triplets = new List<(int, int, int)>();
        var candidates = new List<int>();
        for (int a = 0; a < labels.Count; a++)
            for (int p = 0; p < labels.Count; p++)
            {
                if (p == a || labels[p] != labels[a]) continue;
                double ap = D(a, p);
                candidates.Clear();
                for (int n = 0; n < labels.Count; n++)
                {
                    if (labels[n] == labels[a]) continue;
                    double an = D(a, n);
                    if (an > ap && an < ap + margin) candidates.Add(n);
                }
                if (candidates.Count > 0) triplets.Add((a, p, candidates[random.NextInt(candidates.Count)]));
            }
        return TripletIndices.From(triplets);
    }
}
