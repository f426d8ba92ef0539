namespace Mip.Images;

/// <summary>The encoded image formats that <see cref="ImageReader"/> decodes.</summary>
public enum ImageFileFormat
{
    Jpeg,
    Png,
    Webp,
    Bmp,
    Gif,
}
