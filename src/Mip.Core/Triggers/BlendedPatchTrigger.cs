namespace Mip.Triggers;

/// <summary>
/// "Blended" as the paper's released code does it: the BadNets corner patch blended in with weight 0.4, i.e.
/// 0.6 × image + 0.4 × 255 inside the patch only. (Chen et al.'s original blends a whole pattern image: see
/// <see cref="BlendedImageTrigger"/>.)
/// </summary>
public sealed class BlendedPatchTrigger() : PatchTrigger(DefaultWeight)
{
    /// <summary>The weight the paper's code uses.</summary>
    public const double DefaultWeight = 0.4;

    /// <summary>The stable id.</summary>
    public const string StableId = "blended-patch";

    /// <inheritdoc/>
    public override string Id => StableId;
}
