namespace Mip.Images;

/// <summary>What an image's header says, read without decoding its pixels.</summary>
/// <param name="Format">The encoded format.</param>
/// <param name="Width">The width the decoded image will have (after EXIF rotation when that is applied).</param>
/// <param name="Height">The height the decoded image will have (after EXIF rotation when that is applied).</param>
/// <param name="ExifOrientation">The EXIF orientation tag, 1 (upright) to 8; 1 when the file has none.</param>
public sealed record ImageHeader(ImageFileFormat Format, int Width, int Height, int ExifOrientation)
{
    /// <summary>Width × height.</summary>
    public long PixelCount => (long)Width * Height;
}
