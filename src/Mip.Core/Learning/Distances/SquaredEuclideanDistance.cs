using static TorchSharp.torch;

namespace Mip.Learning.Distances;

/// <summary>
/// Squared Euclidean distance ||a - b||^2, the quantity the paper's code puts into its triplet loss (no square root).
/// On L2-normalised embeddings it lies in [0, 4].
/// </summary>
public sealed class SquaredEuclideanDistance : IEmbeddingDistance
{
    /// <inheritdoc/>
    public string Name => "squared";

    /// <inheritdoc/>
    public Tensor Paired(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).pow(2).sum(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor Pairwise(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        // Expanded form; clamped because rounding can make it slightly negative for near-identical rows.
        Tensor aa = a.pow(2).sum(1, keepdim: true);
        Tensor bb = b.pow(2).sum(1).unsqueeze(0);
        return (aa + bb - 2 * a.matmul(b.t())).clamp_min(0).MoveToOuterDisposeScope();
    }
}
