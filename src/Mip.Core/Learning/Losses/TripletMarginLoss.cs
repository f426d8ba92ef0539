using Mip.Learning.Distances;
using Mip.Learning.Miners;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Learning.Losses;

/// <summary>
/// The triplet margin loss (Weinberger and Saul 2009; Schroff et al. 2015): T(a, p, n) = max(0, d(a,p) - d(a,n) + margin).
/// With <see cref="SquaredEuclideanDistance"/> it is the paper's code's term, relu(||a-p||² - ||a-n||² + 0.2); with
/// <see cref="EuclideanDistance"/> it is the plain-distance variant. <see cref="Compute"/> averages the terms over the
/// triplets, as the paper's code does for its clean loss.
/// </summary>
public sealed class TripletMarginLoss(IEmbeddingDistance distance, double margin = TripletMarginLoss.DefaultMargin)
{
    /// <summary>The paper's margin.</summary>
    public const double DefaultMargin = 0.2;

    /// <summary>The distance compared.</summary>
    public IEmbeddingDistance Distance { get; } = distance ?? throw new ArgumentNullException(nameof(distance));

    /// <summary>The margin.</summary>
    public double Margin { get; } = margin;

    /// <summary>One term per row: [N] from anchor, positive and negative embeddings [N, D] each.</summary>
    public Tensor Terms(Tensor anchors, Tensor positives, Tensor negatives)
    {
        using var scope = NewDisposeScope();
        return nn.functional.relu(KeptScalar.Add(Distance.Paired(anchors, positives) - Distance.Paired(anchors, negatives), Margin)).MoveToOuterDisposeScope();
    }

    /// <summary>One term per mined triplet of a batch of <paramref name="embeddings"/> [B, D].</summary>
    public Tensor Terms(Tensor embeddings, TripletIndices triplets)
    {
        using var scope = NewDisposeScope();
        var device = embeddings.device;
        Tensor Rows(int[] index) => embeddings.index_select(0, tensor(index, ScalarType.Int64, device));
        return Terms(Rows(triplets.Anchors), Rows(triplets.Positives), Rows(triplets.Negatives)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mean term over the mined triplets; with no triplet, a zero that is still connected to
    /// <paramref name="embeddings"/> so a backward pass works (and changes nothing).
    /// </summary>
    public Tensor Compute(Tensor embeddings, TripletIndices triplets)
    {
        if (triplets.Count == 0) return KeptScalar.Multiply(embeddings.sum(), 0.0);
        using var scope = NewDisposeScope();
        return Terms(embeddings, triplets).mean().MoveToOuterDisposeScope();
    }
}
