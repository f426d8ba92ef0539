using System.Runtime.InteropServices;
using SkiaSharp;

namespace Mip.Images;

/// <summary>
/// Decodes JPEG, PNG, WebP, BMP and GIF (first frame) files or uploads into <see cref="RgbImage"/>s.
/// Every image is checked from its header first (signature, declared size against
/// <see cref="ImageLoadOptions.MaxPixels"/>) before any pixel memory is allocated, and every failure is an
/// <see cref="ImageDecodeException"/> naming the file.
/// </summary>
/// <remarks>
/// Grey, palette, 16-bit and CMYK images all come out as 8-bit RGB. Transparent pixels are composited over white.
/// Embedded colour profiles are not applied (pixel values are taken as stored, as Pillow does by default).
/// The EXIF orientation is applied unless <see cref="ImageLoadOptions.ApplyExifOrientation"/> is false.
/// </remarks>
public static class ImageReader
{
    private const string SupportedList = "JPEG, PNG, WebP, BMP or GIF";

    /// <summary>Decodes the image file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, unreadable, not a supported image, damaged or too large.</exception>
    public static RgbImage Load(string path, ImageLoadOptions? options = null)
    {
        using var stream = OpenFile(path);
        return Decode(stream, () => new SKFileStream(path), path, options ?? ImageLoadOptions.Default);
    }

    /// <summary>Decodes encoded image bytes (an upload, say); <paramref name="nameForErrors"/> names them in errors.</summary>
    /// <exception cref="ImageDecodeException">The data is empty, not a supported image, damaged or too large.</exception>
    public static RgbImage Decode(byte[] data, string nameForErrors, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(data, writable: false);
        return Decode(stream, () => new SKMemoryStream(data), nameForErrors, options ?? ImageLoadOptions.Default);
    }

    /// <summary>
    /// Checks the file's format and declared size against the limit and returns what the header says, without
    /// decoding pixels. Damage inside the pixel data is only found by <see cref="Load"/>.
    /// </summary>
    /// <exception cref="ImageDecodeException">The file is missing, unreadable, not a supported image, has a damaged header or is too large.</exception>
    public static ImageHeader ReadHeader(string path, ImageLoadOptions? options = null)
    {
        using var stream = OpenFile(path);
        using var codec = OpenCodec(stream, () => new SKFileStream(path), path, options ?? ImageLoadOptions.Default, out ImageHeader header);
        return header;
    }

    /// <summary>Like <see cref="ReadHeader(string, ImageLoadOptions?)"/>, for encoded bytes.</summary>
    public static ImageHeader ReadHeader(byte[] data, string nameForErrors, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(data, writable: false);
        using var codec = OpenCodec(stream, () => new SKMemoryStream(data), nameForErrors, options ?? ImageLoadOptions.Default, out ImageHeader header);
        return header;
    }

    private static Stream OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new ImageDecodeException(path, ImageProblem.Unreadable, "is a folder, not an image file.");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageDecodeException(path, ImageProblem.Missing, "does not exist.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException)
        {
            throw new ImageDecodeException(path, ImageProblem.Unreadable, $"cannot be read: {e.Message}", e);
        }
    }

    private static RgbImage Decode(Stream stream, Func<SKStream> openNative, string name, ImageLoadOptions options)
    {
        using SKCodec codec = OpenCodec(stream, openNative, name, options, out ImageHeader header);
        int width = codec.Info.Width, height = codec.Info.Height;
        // No colour space on the target: Skia then leaves values as stored instead of converting them to sRGB.
        var target = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        long bytes = (long)width * height * 4;
        // Only reachable with a raised MaxPixels: a row must fit an int stride and the result a single array.
        if (width > int.MaxValue / 4 || (long)width * height * 3 > Array.MaxLength)
            throw TooLarge(name, width, height, options);

        unsafe
        {
            void* buffer;
            try
            {
                buffer = NativeMemory.AllocZeroed((nuint)bytes);
            }
            catch (OutOfMemoryException e)
            {
                throw new ImageDecodeException(name, ImageProblem.TooLarge,
                    $"is too large to decode: {width}x{height} needs {bytes / (1 << 20)} MiB of memory, which is not available.", e);
            }
            try
            {
                // Zeroed memory stays transparent where a GIF's first frame does not cover the whole canvas.
                SKCodecResult result = codec.GetPixels(target, (IntPtr)buffer, width * 4, new SKCodecOptions(SKZeroInitialized.Yes));
                CheckPixelsResult(result, name, header.Format);
                int orientation = options.ApplyExifOrientation ? header.ExifOrientation : 1;
                return UprightRgbConverter.Convert((byte*)buffer, width, height, orientation);
            }
            finally
            {
                NativeMemory.Free(buffer);
            }
        }
    }

    /// <summary>
    /// Runs every header check on <paramref name="stream"/>, then hands the decoder a native stream from
    /// <paramref name="openNative"/>. Skia is never given a managed stream: a damaged file can make it ask for a read
    /// or skip larger than SkiaSharp's managed-stream callback accepts, and the exception thrown inside that native
    /// callback ends the process.
    /// </summary>
    private static SKCodec OpenCodec(Stream stream, Func<SKStream> openNative, string name, ImageLoadOptions options, out ImageHeader header)
    {
        try
        {
            return OpenCodecUnguarded(stream, openNative, name, options, out header);
        }
        catch (IOException e)
        {
            throw new ImageDecodeException(name, ImageProblem.Unreadable, $"cannot be read: {e.Message}", e);
        }
    }

    private static SKCodec OpenCodecUnguarded(Stream stream, Func<SKStream> openNative, string name, ImageLoadOptions options, out ImageHeader header)
    {
        long length = stream.Length;
        if (length == 0)
            throw new ImageDecodeException(name, ImageProblem.Empty, "is empty (0 bytes), not an image.");

        Span<byte> head = stackalloc byte[FormatSniffer.BytesNeeded];
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        FormatSniffer.Result kind = FormatSniffer.Identify(head[..got]);
        if (kind.Format is not ImageFileFormat format)
        {
            if (kind.UnsupportedName is string other)
                throw new ImageDecodeException(name, ImageProblem.UnsupportedFormat,
                    $"is a {other} image, which is not supported: use {SupportedList}.");
            throw new ImageDecodeException(name, ImageProblem.NotAnImage,
                $"is not an image: its first bytes match no {SupportedList} signature.");
        }
        string formatName = FormatName(format);

        stream.Position = 0;
        switch (DimensionProbe.TryRead(stream, format, out long declaredWidth, out long declaredHeight))
        {
            case DimensionProbe.Outcome.Truncated:
                throw new ImageDecodeException(name, ImageProblem.Truncated,
                    $"is truncated: the {formatName} data ends inside its header ({length} bytes).");
            case DimensionProbe.Outcome.Found:
                CheckSize(name, declaredWidth, declaredHeight, options, formatName);
                break;
        }

        // The codec takes ownership of the native stream (and Skia deletes it at once if no codec is made).
        SKStream native = openNative();
        if (native is SKFileStream { IsValid: false })
        {
            native.Dispose();
            throw new ImageDecodeException(name, ImageProblem.Unreadable, "cannot be opened by the image decoder.");
        }
        SKCodec? codec = SKCodec.Create(native, out SKCodecResult result);
        if (codec is null)
        {
            if (result == SKCodecResult.IncompleteInput)
                throw new ImageDecodeException(name, ImageProblem.Truncated,
                    $"is truncated: the {formatName} data ends before its header is complete ({length} bytes).");
            throw new ImageDecodeException(name, ImageProblem.Corrupt,
                $"is a damaged {formatName} file: its header could not be parsed ({Describe(result)}).");
        }

        try
        {
            if (codec.EncodedFormat != ToSkia(format))
                throw new ImageDecodeException(name, ImageProblem.Corrupt,
                    $"is a damaged {formatName} file: the decoder read it as {codec.EncodedFormat}.");
            int width = codec.Info.Width, height = codec.Info.Height;
            CheckSize(name, width, height, options, formatName);
            int orientation = (int)codec.EncodedOrigin is >= 1 and <= 8 ? (int)codec.EncodedOrigin : 1;
            var (uprightWidth, uprightHeight) = options.ApplyExifOrientation
                ? UprightRgbConverter.UprightSize(width, height, orientation)
                : (width, height);
            header = new ImageHeader(format, uprightWidth, uprightHeight, orientation);
            return codec;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    private static void CheckSize(string name, long width, long height, ImageLoadOptions options, string formatName)
    {
        if (width <= 0 || height <= 0)
            throw new ImageDecodeException(name, ImageProblem.Corrupt,
                $"is a damaged {formatName} file: its header declares a {width}x{height} image.");
        if (width * height > options.MaxPixels)
            throw TooLarge(name, width, height, options);
    }

    private static ImageDecodeException TooLarge(string name, long width, long height, ImageLoadOptions options) =>
        new(name, ImageProblem.TooLarge,
            $"is too large: {width}x{height} is {width * height:N0} pixels, more than the limit of {options.MaxPixels:N0} " +
            $"({options.MaxPixels / 1e6:0.##} megapixels).");

    private static void CheckPixelsResult(SKCodecResult result, string name, ImageFileFormat format)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException(name, ImageProblem.Truncated,
                    $"is truncated: the {FormatName(format)} pixel data ends before the image is complete.");
            default:
                throw new ImageDecodeException(name, ImageProblem.Corrupt,
                    $"is a damaged {FormatName(format)} file: its pixel data could not be decoded ({Describe(result)}).");
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.ErrorInInput => "invalid data",
        SKCodecResult.InvalidInput => "invalid input",
        SKCodecResult.Unimplemented => "a variant the decoder does not implement",
        SKCodecResult.InvalidConversion => "a pixel layout that cannot be converted to RGB",
        _ => result.ToString(),
    };

    private static string FormatName(ImageFileFormat format) => format switch
    {
        ImageFileFormat.Jpeg => "JPEG",
        ImageFileFormat.Png => "PNG",
        ImageFileFormat.Webp => "WebP",
        ImageFileFormat.Bmp => "BMP",
        ImageFileFormat.Gif => "GIF",
        _ => format.ToString(),
    };

    private static SKEncodedImageFormat ToSkia(ImageFileFormat format) => format switch
    {
        ImageFileFormat.Jpeg => SKEncodedImageFormat.Jpeg,
        ImageFileFormat.Png => SKEncodedImageFormat.Png,
        ImageFileFormat.Webp => SKEncodedImageFormat.Webp,
        ImageFileFormat.Bmp => SKEncodedImageFormat.Bmp,
        ImageFileFormat.Gif => SKEncodedImageFormat.Gif,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
