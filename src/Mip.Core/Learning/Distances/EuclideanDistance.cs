using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Learning.Distances;

/// <summary>
/// Euclidean distance ||a - b||, the plain-distance variant (FaceNet's and pytorch-metric-learning's default). The
/// square root is taken of the squared distance clamped at a tiny floor, so its gradient stays finite for identical rows.
/// </summary>
public sealed class EuclideanDistance : IEmbeddingDistance
{
    private const double Floor = 1e-12;
    private readonly SquaredEuclideanDistance squared = new();

    /// <inheritdoc/>
    public string Name => "euclidean";

    /// <inheritdoc/>
    public Tensor Paired(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return KeptScalar.ClampMin(squared.Paired(a, b), Floor).sqrt().MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor Pairwise(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return KeptScalar.ClampMin(squared.Pairwise(a, b), Floor).sqrt().MoveToOuterDisposeScope();
    }
}
