namespace Mip.Learning.Losses;

/// <summary>Which of the two published forms of the poison-augmentation loss L_p to use.</summary>
public enum PoisonAugmentationForm
{
    /// <summary>The released code's form, T(G(a), G(n), G(p)): every image of the triplet carries the trigger (default).</summary>
    Code,

    /// <summary>The paper's Eq. (7) as printed, T(G(a), n, G(p)): the negative stays clean.</summary>
    Paper,
}
