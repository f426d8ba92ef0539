using static TorchSharp.torch;

namespace Mip.Learning.Miners;

/// <summary>
/// The paper's default miner (Roth et al.'s <c>random</c>): list every valid triplet of the batch and keep
/// <see cref="TripletsPerBatch"/> of them drawn at random without replacement (all of them when there are fewer).
/// </summary>
public sealed class RandomTripletMiner(int tripletsPerBatch) : ITripletMiner
{
    /// <summary>How many triplets to keep per batch; the paper's code keeps as many as the batch size.</summary>
    public int TripletsPerBatch { get; } = tripletsPerBatch > 0 ? tripletsPerBatch : throw new ArgumentOutOfRangeException(nameof(tripletsPerBatch));

    /// <inheritdoc/>
    public string Name => "random";

    /// <inheritdoc/>
    public TripletIndices Mine(Tensor embeddings, IReadOnlyList<int> labels, SeededRandom random)
    {
        var all = new List<(int, int, int)>();
        for (int a = 0; a < labels.Count; a++)
            for (int p = 0; p < labels.Count; p++)
            {
                if (p == a || labels[p] != labels[a]) continue;
                for (int n = 0; n < labels.Count; n++)
                    if (labels[n] != labels[a]) all.Add((a, p, n));
            }
        if (all.Count <= TripletsPerBatch) return TripletIndices.From(all);
        // Partial Fisher-Yates: the first k slots become a uniform sample without replacement.
        for (int i = 0; i < TripletsPerBatch; i++)
        {
            int j = i + random.NextInt(all.Count - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return TripletIndices.From(all.GetRange(0, TripletsPerBatch));
    }
}
