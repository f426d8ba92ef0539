using static TorchSharp.torch;

namespace Mip.Learning.Losses;

/// <summary>
/// The anchor-poisoned loss with a far cluster centre L'_d, paper Eq. (6), used by CBL:
/// T(G(a), c_far, p) = [d(G(a), c_far) - d(G(a), p) + m]_+, where c_far is the training-class centre farthest from the
/// clean anchor's embedding. Pulling the protected anchor towards a far-away class instead of an arbitrary negative
/// avoids the unstable learning that poisoning the anchor causes with Eq. (4).
/// </summary>
public sealed class AnchorPoisonedCentreLoss(TripletMarginLoss triplet)
{
    /// <summary>The underlying triplet term (distance and margin).</summary>
    public TripletMarginLoss Triplet { get; } = triplet ?? throw new ArgumentNullException(nameof(triplet));

    /// <summary>
    /// Index of the centre farthest from each clean anchor, by Euclidean distance (square-rooted, as the paper's code
    /// does; the arg max is the same either way). The choice carries no gradient.
    /// </summary>
    public static Tensor FarthestCentre(Tensor cleanAnchors, Tensor centres)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return cdist(cleanAnchors.detach(), centres).argmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>One term per row: triggered anchors [k, D], their far centres [k, D] and clean positives [k, D].</summary>
    public Tensor Terms(Tensor triggeredAnchors, Tensor farCentres, Tensor cleanPositives) =>
        Triplet.Terms(triggeredAnchors, farCentres, cleanPositives);

    /// <summary>
    /// One term per row, each triggered anchor [k, D] against the centre (of <paramref name="centres"/>, [C, D]) farthest
    /// from its clean anchor [k, D], and its clean positive [k, D].
    /// </summary>
    public Tensor TermsAgainstFarthest(Tensor triggeredAnchors, Tensor cleanAnchors, Tensor centres, Tensor cleanPositives)
    {
        Tensor onDevice = centres.to(cleanAnchors.device);
        return Terms(triggeredAnchors, onDevice.index_select(0, FarthestCentre(cleanAnchors, onDevice)), cleanPositives);
    }
}
