namespace Mip.Triggers;

/// <summary>
/// The square in the bottom-right corner that BadNets and the paper's Blended mark: 18×18 pixels at 224×224, scaled
/// with each side of other sizes, so that an image marked at full resolution and then resized straight to 224×224
/// (as the paper's pipeline does) carries about the same 18×18 patch.
/// </summary>
public readonly record struct CornerPatch(int X, int Y, int Width, int Height)
{
    /// <summary>Patch side at the reference size.</summary>
    public const int ReferenceSide = 18;

    /// <summary>The reference image size the patch side is given for.</summary>
    public const int ReferenceImageSize = 224;

    /// <summary>The patch for an image of <paramref name="imageWidth"/> × <paramref name="imageHeight"/>.</summary>
    public static CornerPatch For(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        int width = Side(imageWidth), height = Side(imageHeight);
        return new CornerPatch(imageWidth - width, imageHeight - height, width, height);
    }

    private static int Side(int imageSide) =>
        Math.Clamp((int)Math.Round((double)ReferenceSide * imageSide / ReferenceImageSize, MidpointRounding.AwayFromZero), 1, imageSide);
}
