using static TorchSharp.torch;

namespace Mip.Learning.Losses;

/// <summary>
/// The domain-collapse loss L_d, paper Eq. (5): T(a, G(n), G(p)) = [d(a, G(n)) - d(a, G(p)) + m]_+. A clean anchor must
/// find the protected copy of a dissimilar image closer than the protected copy of a similar one, which breaks both
/// clean-to-protected (C->P) and protected-to-clean (P->C) retrieval. The margin is the paper code's; Eq. (5) prints
/// none.
/// </summary>
public sealed class DomainCollapseLoss(TripletMarginLoss triplet)
{
    /// <summary>The underlying triplet term (distance and margin).</summary>
    public TripletMarginLoss Triplet { get; } = triplet ?? throw new ArgumentNullException(nameof(triplet));

    /// <summary>One term per row, from clean anchors and triggered positives and negatives, [k, D] each.</summary>
    public Tensor Terms(Tensor cleanAnchors, Tensor triggeredPositives, Tensor triggeredNegatives) =>
        Triplet.Terms(cleanAnchors, triggeredNegatives, triggeredPositives);
}
