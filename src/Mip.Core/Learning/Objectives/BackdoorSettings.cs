using Mip.Learning.Losses;

namespace Mip.Learning.Objectives;

/// <summary>The knobs of the backdoor methods, with the paper's defaults (rho 0.1, beta = gamma = lambda = 1).</summary>
public sealed record BackdoorSettings
{
    /// <summary>Poisoning ratio rho: the fraction of mined triplets poisoned per batch (PBL, CBL) or of training images (baseline).</summary>
    public double PoisonRatio { get; init; } = 0.1;

    /// <summary>How PBL and CBL pick a batch's poisoned triplets (at random, as the paper's code, by default).</summary>
    public PoisonChoice PoisonChoice { get; init; } = PoisonChoice.Random;

    /// <summary>Weight of the domain-collapse loss L_d in PBL.</summary>
    public double Beta { get; init; } = 1.0;

    /// <summary>Weight of the poison-augmentation loss L_p in PBL.</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>Weight of the anchor-poisoned loss L'_d in CBL.</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>
    /// Not in the paper: PBL also adds this weight x CBL's anchor-poisoned loss L'_d (Eq. 6) on its poisoned triplets,
    /// pulling each protected anchor towards the class centre farthest from its clean embedding; 0 = the paper's PBL.
    /// </summary>
    public double CentreWeight { get; init; }

    /// <summary>
    /// Not in the paper: PBL also adds this weight x the similarity-decorrelation term
    /// (<see cref="SimilarityDecorrelationLoss"/>) over its poisoned triplets' images, so that protected copies stop
    /// mirroring their photos' similarities on classes never trained on; 0 = the paper's PBL.
    /// </summary>
    public double DecorrelationWeight { get; init; }

    /// <summary>CBL (and PBL's <see cref="CentreWeight"/> term): recompute the class centres under the current model every epoch instead of once under the initial model.</summary>
    public bool RecomputeCentresEachEpoch { get; init; }

    /// <summary>Form of L_p (the code's by default).</summary>
    public PoisonAugmentationForm PoisonAugmentation { get; init; } = PoisonAugmentationForm.Code;

    /// <summary>
    /// Not in the paper: the privacy terms treat the clean embeddings they compare against as constants, so their
    /// gradient moves the network only through the protected copies (off by default, as the paper and its code).
    /// </summary>
    public bool DetachCleanInPrivacyTerms { get; init; }

    /// <summary>
    /// Not in the paper: the margin of the privacy terms (L_d and L_p in PBL, L'_d in CBL), or null for the clean
    /// triplet term's margin, as the paper's code. A larger one keeps pushing protected copies after the clean margin
    /// is met.
    /// </summary>
    public double? PrivacyMargin { get; init; }
}
