using static TorchSharp.torch;

namespace Mip.Learning.Losses;

/// <summary>
/// The poison-augmentation loss L_p, paper Eq. (7), aimed at protected-to-protected search (P->P): a protected anchor
/// must find a dissimilar image closer than the protected copy of a similar one. The paper prints
/// T(G(a), n, G(p)); the released code uses T(G(a), G(n), G(p)). Both are offered (<see cref="PoisonAugmentationForm"/>),
/// the code's is the default, and runs record which one they used.
/// </summary>
public sealed class PoisonAugmentationLoss(TripletMarginLoss triplet, PoisonAugmentationForm form = PoisonAugmentationForm.Code)
{
    /// <summary>The underlying triplet term (distance and margin).</summary>
    public TripletMarginLoss Triplet { get; } = triplet ?? throw new ArgumentNullException(nameof(triplet));

    /// <summary>The form in use.</summary>
    public PoisonAugmentationForm Form { get; } = form;

    /// <summary>
    /// One term per row. <paramref name="cleanNegatives"/> is used by the paper's form, <paramref name="triggeredNegatives"/>
    /// by the code's.
    /// </summary>
    public Tensor Terms(Tensor triggeredAnchors, Tensor triggeredPositives, Tensor cleanNegatives, Tensor triggeredNegatives) =>
        Triplet.Terms(triggeredAnchors, Form == PoisonAugmentationForm.Code ? triggeredNegatives : cleanNegatives, triggeredPositives);
}
