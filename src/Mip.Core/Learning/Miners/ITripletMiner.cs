using static TorchSharp.torch;

namespace Mip.Learning.Miners;

/// <summary>Chooses the triplets a batch trains on.</summary>
public interface ITripletMiner
{
    /// <summary>Short name for logs and checkpoints, e.g. "random".</summary>
    string Name { get; }

    /// <summary>
    /// Mines triplets from a batch of L2-normalised <paramref name="embeddings"/> [N, D] with <paramref name="labels"/>;
    /// the embeddings are only read (never part of the gradient). Every triplet has a != p, label(a) = label(p) and
    /// label(n) != label(a). Random choices come from <paramref name="random"/>, so a seeded run is reproducible.
    /// </summary>
    TripletIndices Mine(Tensor embeddings, IReadOnlyList<int> labels, SeededRandom random);
}
