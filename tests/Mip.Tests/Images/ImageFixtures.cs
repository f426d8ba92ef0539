using System.Buffers.Binary;
using System.IO.Compression;
using Mip.Images;
using SkiaSharp;

namespace Mip.Tests.Images;

/// <summary>Builds encoded test images in code: through Skia's encoders, or byte by byte for the formats and variants Skia cannot write.</summary>
internal static class ImageFixtures
{
    public static readonly (byte R, byte G, byte B) Red = (255, 0, 0);
    public static readonly (byte R, byte G, byte B) Green = (0, 255, 0);
    public static readonly (byte R, byte G, byte B) Blue = (0, 0, 255);
    public static readonly (byte R, byte G, byte B) Yellow = (255, 255, 0);

    /// <summary>An image split into four flat quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right.</summary>
    public static RgbImage Quadrants(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            var c = (x < width / 2, y < height / 2) switch
            {
                (true, true) => Red,
                (false, true) => Green,
                (true, false) => Blue,
                _ => Yellow,
            };
            image.SetPixel(x, y, c.R, c.G, c.B);
        }
        return image;
    }

    /// <summary>A smooth photo-like image (gradients plus a disc) on which lossy codecs behave as on real pictures.</summary>
    public static RgbImage SmoothScene(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            double dx = x - width * 0.6, dy = y - height * 0.4;
            bool disc = dx * dx + dy * dy < width * height / 12.0;
            byte r = (byte)(disc ? 220 : 40 + 150.0 * x / width);
            byte g = (byte)(disc ? 90 : 60 + 120.0 * y / height);
            byte b = (byte)(120 + 60 * Math.Sin(x / 9.0) * Math.Cos(y / 13.0));
            image.SetPixel(x, y, r, g, b);
        }
        return image;
    }

    /// <summary>Pseudo-random pixels, the worst case for a lossless round trip.</summary>
    public static RgbImage Noise(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>Encodes with Skia directly (independently of <see cref="ImageWriter"/>).</summary>
    public static unsafe byte[] SkiaEncode(RgbImage image, SKEncodedImageFormat format, int quality)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < image.Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = image.Pixels[i];
            rgba[j + 1] = image.Pixels[i + 1];
            rgba[j + 2] = image.Pixels[i + 2];
            rgba[j + 3] = 255;
        }
        fixed (byte* p = rgba)
        {
            using var pixmap = new SKPixmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), (IntPtr)p);
            using var data = pixmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}");
            return data.ToArray();
        }
    }

    /// <summary>
    /// A PNG written chunk by chunk. <paramref name="rows"/> holds each row's bytes without the filter byte
    /// (filter type 0 is added); colour type 0 = grey, 2 = RGB, 3 = palette, 6 = RGBA.
    /// </summary>
    public static byte[] Png(int width, int height, int bitDepth, int colourType, byte[][] rows, byte[]? palette = null, byte[]? transparency = null)
    {
        var raw = new MemoryStream();
        foreach (var row in rows)
        {
            raw.WriteByte(0);
            raw.Write(row);
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw.ToArray());

        var png = new MemoryStream();
        WritePngStart(png, width, height, bitDepth, colourType);
        if (palette is not null) WriteChunk(png, "PLTE", palette);
        if (transparency is not null) WriteChunk(png, "tRNS", transparency);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Only the PNG signature and an IHDR chunk declaring <paramref name="width"/> × <paramref name="height"/> RGB pixels.</summary>
    public static byte[] PngHeaderOnly(uint width, uint height)
    {
        var png = new MemoryStream();
        WritePngStart(png, width, height, 8, 2);
        return png.ToArray();
    }

    /// <summary>A complete-looking PNG: IHDR for a huge image, then one small IDAT with a few compressed rows and IEND.</summary>
    public static byte[] PngHugeWithSomeData(uint width, uint height)
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(new byte[64 * 1024]);
        var png = new MemoryStream();
        WritePngStart(png, width, height, 8, 2);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WritePngStart(Stream png, long width, long height, int bitDepth, int colourType)
    {
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colourType;
        WriteChunk(png, "IHDR", ihdr);
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        png.Write(chunk);
    }

    /// <summary>The CRC-32 PNG chunks carry (polynomial 0xEDB88320, reflected).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in bytes)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>An uncompressed 24-bit bottom-up BMP (BITMAPINFOHEADER), rows padded to 4 bytes.</summary>
    public static byte[] Bmp24(RgbImage image)
    {
        int rowBytes = (image.Width * 3 + 3) & ~3;
        int pixelBytes = rowBytes * image.Height;
        var bmp = new byte[54 + pixelBytes];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), image.Height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), pixelBytes);
        for (int y = 0; y < image.Height; y++)
        {
            int row = 54 + (image.Height - 1 - y) * rowBytes; // stored bottom-up
            for (int x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.GetPixel(x, y);
                bmp[row + x * 3] = b;
                bmp[row + x * 3 + 1] = g;
                bmp[row + x * 3 + 2] = r;
            }
        }
        return bmp;
    }

    /// <summary>
    /// A GIF89a with a 4-colour global palette and one full-canvas frame per entry of <paramref name="frames"/>
    /// (palette indices, row-major). <paramref name="transparentIndex"/> marks that index transparent in every frame.
    /// </summary>
    public static byte[] Gif(int width, int height, byte[] palette4Rgb, IReadOnlyList<byte[]> frames, int? transparentIndex = null)
    {
        var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        screen[4] = 0x80 | 0x01; // global colour table of 2^(1+1) = 4 entries
        gif.Write(screen);
        gif.Write(palette4Rgb);
        Span<byte> descriptor = stackalloc byte[9];
        foreach (var indices in frames)
        {
            // Graphic control extension: disposal "none", optional transparency, 0.1 s delay.
            byte flags = (byte)(transparentIndex is null ? 0 : 1);
            gif.Write([0x21, 0xF9, 4, flags, 10, 0, (byte)(transparentIndex ?? 0), 0]);
            gif.WriteByte(0x2C);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[4..], (ushort)width);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[6..], (ushort)height);
            gif.Write(descriptor);
            gif.WriteByte(2); // LZW minimum code size for a 4-colour palette
            byte[] lzw = UncompressedLzw(indices);
            for (int i = 0; i < lzw.Length; i += 255)
            {
                int n = Math.Min(255, lzw.Length - i);
                gif.WriteByte((byte)n);
                gif.Write(lzw, i, n);
            }
            gif.WriteByte(0);
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// Valid LZW for GIF without compression: a clear code before every pixel keeps the code table empty, so every
    /// code stays 3 bits wide (clear = 4, end = 5 for a minimum code size of 2).
    /// </summary>
    private static byte[] UncompressedLzw(byte[] indices)
    {
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        void Emit(int code)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8)
            {
                output.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        foreach (byte index in indices)
        {
            Emit(4);
            Emit(index);
        }
        Emit(5);
        if (bits > 0) output.Add((byte)buffer);
        return output.ToArray();
    }

    /// <summary>Inserts an APP1 Exif segment with the given Orientation tag right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        var tiff = new List<byte>();
        tiff.AddRange("MM\0*"u8.ToArray());           // big-endian TIFF header
        tiff.AddRange(new byte[] { 0, 0, 0, 8 });      // first IFD at offset 8
        tiff.AddRange(new byte[] { 0, 1 });            // one entry
        tiff.AddRange(new byte[] { 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0 }); // Orientation, SHORT, 1 value
        tiff.AddRange(new byte[] { 0, 0, 0, 0 });      // no next IFD
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// A 16x8 CMYK JPEG (Adobe marker, YCCK transform), left half red and right half blue. Skia cannot write CMYK, so
    /// this was made once with ImageMagick 6.9:
    /// <c>convert -size 8x8 xc:'#FF0000' -size 8x8 xc:'#0000FF' +append -colorspace CMYK -quality 95 -strip cmyk.jpg</c>.
    /// </summary>
    public static byte[] CmykJpeg() => Convert.FromBase64String(CmykJpegBase64);

    private const string CmykJpegBase64 = "/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/9sAQwECAgICAgIFAwMFCgcGBwoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK/8AAFAgACAAQBAERAAIRAQMRAQQRAP/EABYAAQEBAAAAAAAAAAAAAAAAAAgACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAVAQEBAAAAAAAAAAAAAAAAAAAKCP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAOBAEAAhEDEQQAAD8AZirB/wBv4XgqZKif/9k=";

    /// <summary>Copies <paramref name="bytes"/> into a new file in <paramref name="dir"/> and returns its path.</summary>
    public static string WriteFile(TempDir dir, string name, byte[] bytes)
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Largest per-channel difference between two pixels.</summary>
    public static int Distance((byte R, byte G, byte B) a, (byte R, byte G, byte B) b) =>
        Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)));

    /// <summary>Peak signal-to-noise ratio in dB between two images of one size.</summary>
    public static double Psnr(RgbImage a, RgbImage b)
    {
        double sum = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            double d = a.Pixels[i] - b.Pixels[i];
            sum += d * d;
        }
        double mse = sum / a.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
