namespace Mip.Data.Synthetic;

/// <summary>Size and look of the procedurally drawn default data set.</summary>
public sealed record SyntheticObjectsOptions
{
    /// <summary>Number of object classes; the first half trains, the second half tests (by sorted class name).</summary>
    public int Classes { get; init; } = 40;

    /// <summary>Images drawn per class.</summary>
    public int ImagesPerClass { get; init; } = 12;

    /// <summary>Side of the square images in pixels.</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Seed of everything random: the same seed draws the same data set, byte for byte.</summary>
    public int Seed { get; init; } = 2023;

    /// <summary>JPEG quality of the written files.</summary>
    public int JpegQuality { get; init; } = 92;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Classes < 2) throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "Need at least 2 classes.");
        if (ImagesPerClass < 2) throw new ArgumentOutOfRangeException(nameof(ImagesPerClass), ImagesPerClass, "Need at least 2 images per class.");
        if (ImageSize is < 32 or > 1024) throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "Image size must be 32 to 1024 pixels.");
        if (JpegQuality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(JpegQuality), JpegQuality, "JPEG quality must be 1 to 100.");
    }
}
