namespace Mip.Images;

/// <summary>How <see cref="ImageReader"/> checks and decodes an image.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>The default pixel limit: 64 megapixels (64,000,000 pixels).</summary>
    public const long DefaultMaxPixels = 64_000_000;

    private readonly long _maxPixels = DefaultMaxPixels;

    /// <summary>The options used when none are given.</summary>
    public static ImageLoadOptions Default { get; } = new();

    /// <summary>
    /// Images whose header declares more pixels (width × height) than this are rejected with
    /// <see cref="ImageProblem.TooLarge"/> before any pixel is decoded. Defaults to 64 megapixels.
    /// </summary>
    public long MaxPixels
    {
        get => _maxPixels;
        init => _maxPixels = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxPixels), value, "The pixel limit must be positive.");
    }

    /// <summary>
    /// Whether to turn the image upright according to its EXIF orientation (as cameras record it), so a portrait photo
    /// stored sideways comes out as a portrait. Defaults to true.
    /// </summary>
    public bool ApplyExifOrientation { get; init; } = true;
}
