using Mip.Runtime;
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
        return (a - b).square().sum(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor Pairwise(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        // Expanded form; clamped because rounding can make it slightly negative for near-identical rows.
        Tensor aa = a.square().sum(1, keepdim: true);
        Tensor bb = b.square().sum(1).unsqueeze(0);
        return KeptScalar.ClampMin(aa + bb - KeptScalar.Multiply(a.matmul(b.t()), 2), 0).MoveToOuterDisposeScope();
    }
}
