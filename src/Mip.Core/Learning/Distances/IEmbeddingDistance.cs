using static TorchSharp.torch;

namespace Mip.Learning.Distances;

/// <summary>A distance between embeddings, differentiable where training needs it.</summary>
public interface IEmbeddingDistance
{
    /// <summary>Short name for logs and checkpoints, e.g. "squared".</summary>
    string Name { get; }

    /// <summary>Distances between matching rows of <paramref name="a"/> and <paramref name="b"/> ([N, D] each): [N].</summary>
    Tensor Paired(Tensor a, Tensor b);

    /// <summary>All distances between rows of <paramref name="a"/> [N, D] and rows of <paramref name="b"/> [M, D]: [N, M].</summary>
    Tensor Pairwise(Tensor a, Tensor b);
}
