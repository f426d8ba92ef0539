using Mip.IO;
using SkiaSharp;

namespace Mip.Images;

/// <summary>
/// Encodes <see cref="RgbImage"/>s as PNG (lossless) or JPEG and saves them atomically: the file is written under a
/// temporary name and renamed, so a failed save never leaves a partial image behind.
/// </summary>
public static class ImageWriter
{
    /// <summary>The JPEG quality used when none is given.</summary>
    public const int DefaultJpegQuality = 95;

    /// <summary>Encodes as an 8-bit RGB PNG; decoding it gives back exactly the same pixels.</summary>
    public static byte[] EncodePng(RgbImage image) =>
        Encode(image, pixmap => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)));

    /// <summary>Encodes as a baseline JPEG with 4:2:0 chroma subsampling at <paramref name="quality"/> (1..100).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside 1..100.</exception>
    public static byte[] EncodeJpeg(RgbImage image, int quality = DefaultJpegQuality)
    {
        CheckQuality(quality);
        return Encode(image, pixmap => pixmap.Encode(new SKJpegEncoderOptions(
            quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)));
    }

    /// <summary>Saves as PNG at <paramref name="path"/> (any extension), replacing an existing file atomically.</summary>
    /// <exception cref="MipInputException">The file cannot be written; the message names it.</exception>
    public static void SavePng(RgbImage image, string path) => WriteAtomically(path, EncodePng(image));

    /// <summary>Saves as JPEG at <paramref name="path"/> (any extension), replacing an existing file atomically.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside 1..100.</exception>
    /// <exception cref="MipInputException">The file cannot be written; the message names it.</exception>
    public static void SaveJpeg(RgbImage image, string path, int quality = DefaultJpegQuality) =>
        WriteAtomically(path, EncodeJpeg(image, quality));

    /// <summary>Saves as PNG or JPEG, chosen by the extension of <paramref name="path"/> (.png, .jpg, .jpeg).</summary>
    /// <exception cref="MipInputException">The extension is not one of those, or the file cannot be written.</exception>
    public static void Save(RgbImage image, string path, int jpegQuality = DefaultJpegQuality)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".png":
                SavePng(image, path);
                break;
            case ".jpg" or ".jpeg":
                SaveJpeg(image, path, jpegQuality);
                break;
            default:
                throw new MipInputException(
                    $"Cannot save '{path}': the extension '{extension}' is not an image format this program writes (use .png, .jpg or .jpeg).");
        }
    }

    private static void CheckQuality(int quality)
    {
        if (quality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be between 1 and 100.");
    }

    private static void WriteAtomically(string path, byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new MipInputException($"Cannot write '{path}': it is a folder.");
        try
        {
            AtomicFile.WriteAllBytes(path, encoded);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new MipInputException($"Cannot write '{path}': {e.Message}", e);
        }
    }

    private static unsafe byte[] Encode(RgbImage image, Func<SKPixmap, SKData?> encode)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        // Skia has no packed 24-bit layout, so widen to RGBA with opaque alpha; "Opaque" makes the PNG encoder write RGB.
        byte[] rgba = new byte[(long)width * height * 4];
        byte[] rgb = image.Pixels;
        for (long i = 0, j = 0; i < rgb.LongLength; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }
        fixed (byte* pointer = rgba)
        {
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
            using var pixmap = new SKPixmap(info, (IntPtr)pointer, width * 4);
            using SKData? data = encode(pixmap);
            if (data is null)
                throw new InvalidOperationException($"The image encoder failed on a {width}x{height} image.");
            return data.ToArray();
        }
    }
}
