using Mip.Images;
using SkiaSharp;
using static Mip.Tests.Images.ImageFixtures;

namespace Mip.Tests.Images;

public class ImageReaderFormatTests
{
    private static void AssertQuadrants(RgbImage image, int tolerance)
    {
        int w = image.Width, h = image.Height;
        // Sample the middle of each quadrant, away from edges where lossy codecs bleed colours.
        Assert.InRange(Distance(image.GetPixel(w / 4, h / 4), Red), 0, tolerance);
        Assert.InRange(Distance(image.GetPixel(3 * w / 4, h / 4), Green), 0, tolerance);
        Assert.InRange(Distance(image.GetPixel(w / 4, 3 * h / 4), Blue), 0, tolerance);
        Assert.InRange(Distance(image.GetPixel(3 * w / 4, 3 * h / 4), Yellow), 0, tolerance);
    }

    [Fact]
    public void JpegDecodesToItsColoursAtTheirPlaces()
    {
        using var dir = new TempDir();
        string path = WriteFile(dir, "q.jpg", SkiaEncode(Quadrants(48, 32), SKEncodedImageFormat.Jpeg, 95));

        RgbImage image = ImageReader.Load(path);

        Assert.Equal((48, 32), (image.Width, image.Height));
        AssertQuadrants(image, tolerance: 6);
    }

    [Fact]
    public void JpegPixelsMatchPillowExactly()
    {
        // A 24x16 JPEG written by Pillow 9.4 (quality 75, 4:2:0) and the SHA-256 of the RGB bytes Pillow decodes
        // from it: decoding must agree bit for bit with the Python pipeline the paper's numbers come from.
        const string jpeg =
            "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAQABgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDzXTfDfmY+T9K6Wz8OxcbYt+Op6D8667T9B/cou3G7qfbvXQ2mh52/u8AcgEcAep96w+u0YUVor2vd/wBW29d/VmWWZq21qcJdaNHa6XczCIDCbQUHIJ4BzkdyKK7vxDpTJaW1vsYCVsk9OmOMD6g/hRXRhcXDlbtHV9V/wGcvEHEVT6yqUJtcqV7N7vX8mj//2Q==";
        RgbImage image = ImageReader.Decode(Convert.FromBase64String(jpeg), "pillow.jpg");

        Assert.Equal((24, 16), (image.Width, image.Height));
        Assert.Equal("f663c5f113a381203a7f9e77660076d8b2aaa05966306fd7d970bd21fe872605",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image.Pixels)));
    }

    [Fact]
    public void PngFromSkiaDecodesExactly()
    {
        RgbImage original = Noise(29, 17, seed: 3);
        RgbImage decoded = ImageReader.Decode(SkiaEncode(original, SKEncodedImageFormat.Png, 100), "noise.png");
        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [Fact]
    public unsafe void LosslessWebpDecodesExactlyAndLossyWebpClosely()
    {
        RgbImage original = Noise(21, 13, seed: 5);
        var rgba = new byte[original.Width * original.Height * 4];
        for (int i = 0, j = 0; i < original.Pixels.Length; i += 3, j += 4)
        {
            (rgba[j], rgba[j + 1], rgba[j + 2], rgba[j + 3]) = (original.Pixels[i], original.Pixels[i + 1], original.Pixels[i + 2], 255);
        }
        byte[] lossless;
        fixed (byte* p = rgba)
        {
            using var pixmap = new SKPixmap(new SKImageInfo(original.Width, original.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), (IntPtr)p);
            using var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))!;
            lossless = data.ToArray();
        }
        Assert.Equal(original.Pixels, ImageReader.Decode(lossless, "noise.webp").Pixels);

        RgbImage lossy = ImageReader.Decode(SkiaEncode(Quadrants(64, 48), SKEncodedImageFormat.Webp, 90), "q.webp");
        Assert.Equal(ImageFileFormat.Webp, ImageReader.ReadHeader(lossless, "noise.webp").Format);
        AssertQuadrants(lossy, tolerance: 10);
    }

    [Fact]
    public void HandWrittenBmpDecodesExactly()
    {
        RgbImage original = Noise(7, 5, seed: 11); // width 7 makes rows need padding
        RgbImage decoded = ImageReader.Decode(Bmp24(original), "noise.bmp");
        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [Fact]
    public void GifGivesTheFirstFrameWithTransparencyOverWhite()
    {
        byte[] palette = [255, 0, 0, /* 1 */ 0, 255, 0, /* 2 */ 0, 0, 255, /* 3 */ 9, 9, 9];
        byte[] first = [0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1, 0]; // 4x3
        byte[] second = Enumerable.Repeat((byte)1, 12).ToArray();
        byte[] gif = Gif(4, 3, palette, [first, second], transparentIndex: 3);

        RgbImage image = ImageReader.Decode(gif, "anim.gif");

        Assert.Equal((4, 3), (image.Width, image.Height));
        Assert.Equal(Red, image.GetPixel(0, 0));
        Assert.Equal(Green, image.GetPixel(1, 0));
        Assert.Equal(Blue, image.GetPixel(2, 0));
        Assert.Equal(((byte)255, (byte)255, (byte)255), image.GetPixel(3, 0)); // transparent index
        Assert.Equal(Red, image.GetPixel(3, 2));
        Assert.Equal(ImageFileFormat.Gif, ImageReader.ReadHeader(gif, "anim.gif").Format);
    }

    [Fact]
    public void GreyPngMapsToEqualRgb()
    {
        byte[][] rows = [[0, 17, 128, 255], [1, 2, 3, 4]];
        RgbImage image = ImageReader.Decode(Png(4, 2, 8, 0, rows), "grey.png");
        for (int y = 0; y < 2; y++)
        for (int x = 0; x < 4; x++)
        {
            byte v = rows[y][x];
            Assert.Equal((v, v, v), image.GetPixel(x, y));
        }
    }

    [Fact]
    public void PalettePngWithTransparencyIsCompositedOverWhite()
    {
        byte[] palette = [10, 20, 30, /* 1 */ 200, 100, 50, /* 2 */ 255, 0, 0];
        byte[] alpha = [255, 255, 128];
        RgbImage image = ImageReader.Decode(Png(3, 1, 8, 3, [[0, 1, 2]], palette, alpha), "pal.png");

        Assert.Equal(((byte)10, (byte)20, (byte)30), image.GetPixel(0, 0));
        Assert.Equal(((byte)200, (byte)100, (byte)50), image.GetPixel(1, 0));
        // Red at alpha 128/255 over white: 255 stays 255, 0 becomes 255 * (1 - 128/255) = 127.
        Assert.InRange(Distance(image.GetPixel(2, 0), (255, 127, 127)), 0, 1);
    }

    [Fact]
    public void SixteenBitPngMapsToTheHighByte()
    {
        ushort[] samples = [0x0000, 0x1234, 0xFFFF, 0x8000, 0x7F80, 0xABCD];
        var row = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            row[2 * i] = (byte)(samples[i] >> 8);
            row[2 * i + 1] = (byte)samples[i];
        }
        RgbImage image = ImageReader.Decode(Png(2, 1, 16, 2, [row]), "deep.png");

        for (int i = 0; i < samples.Length; i++)
            Assert.InRange(Math.Abs(image.Pixels[i] - samples[i] / 257.0), 0, 1.0);
    }

    [Fact]
    public void RgbaPngKeepsOpaquePixelsAndWhitensTransparentOnes()
    {
        byte[][] rows = [[1, 2, 3, 255, /* */ 50, 60, 70, 0, /* */ 255, 0, 0, 128]];
        RgbImage image = ImageReader.Decode(Png(3, 1, 8, 6, rows), "alpha.png");

        Assert.Equal(((byte)1, (byte)2, (byte)3), image.GetPixel(0, 0));
        Assert.Equal(((byte)255, (byte)255, (byte)255), image.GetPixel(1, 0));
        Assert.InRange(Distance(image.GetPixel(2, 0), (255, 127, 127)), 0, 1);
    }

    [Fact]
    public void CmykJpegComesOutAsRgb()
    {
        RgbImage image = ImageReader.Decode(CmykJpeg(), "cmyk.jpg");

        Assert.Equal((16, 8), (image.Width, image.Height));
        Assert.InRange(Distance(image.GetPixel(3, 4), Red), 0, 24);
        Assert.InRange(Distance(image.GetPixel(12, 4), Blue), 0, 24);
    }

    [Fact]
    public void LoadAndDecodeAgree()
    {
        using var dir = new TempDir();
        byte[] png = SkiaEncode(Noise(9, 9, seed: 1), SKEncodedImageFormat.Png, 100);
        string path = WriteFile(dir, "fotó n°1.png", png); // the native file stream must cope with spaces and UTF-8
        Assert.Equal(ImageReader.Decode(png, "n.png").Pixels, ImageReader.Load(path).Pixels);
    }

    [Theory]
    [InlineData("jpg", ImageFileFormat.Jpeg)]
    [InlineData("png", ImageFileFormat.Png)]
    [InlineData("webp", ImageFileFormat.Webp)]
    [InlineData("bmp", ImageFileFormat.Bmp)]
    [InlineData("gif", ImageFileFormat.Gif)]
    public void HeaderGivesFormatAndSizeWithoutDecoding(string kind, ImageFileFormat expected)
    {
        byte[] bytes = EncodeAs(kind, 40, 30);
        using var dir = new TempDir();
        // The extension deliberately lies: the format comes from the content.
        string path = WriteFile(dir, "image.dat", bytes);

        ImageHeader header = ImageReader.ReadHeader(path);

        Assert.Equal(new ImageHeader(expected, 40, 30, 1), header);
        Assert.Equal(1200, header.PixelCount);
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("bmp")]
    [InlineData("gif")]
    public void PixelLimitIsInclusiveForEveryFormat(string kind)
    {
        byte[] bytes = EncodeAs(kind, 40, 30);

        var atLimit = ImageReader.Decode(bytes, "ok." + kind, new ImageLoadOptions { MaxPixels = 1200 });
        Assert.Equal((40, 30), (atLimit.Width, atLimit.Height));

        var e = Assert.Throws<ImageDecodeException>(() => ImageReader.Decode(bytes, "big." + kind, new ImageLoadOptions { MaxPixels = 1199 }));
        Assert.Equal(ImageProblem.TooLarge, e.Problem);
        Assert.Contains("'big." + kind + "'", e.Message);
        Assert.Contains("40x30", e.Message);
    }

    internal static byte[] EncodeAs(string kind, int width, int height)
    {
        RgbImage image = Quadrants(width, height);
        return kind switch
        {
            "jpg" => SkiaEncode(image, SKEncodedImageFormat.Jpeg, 90),
            "png" => SkiaEncode(image, SKEncodedImageFormat.Png, 100),
            "webp" => SkiaEncode(image, SKEncodedImageFormat.Webp, 90),
            "bmp" => Bmp24(image),
            "gif" => Gif(width, height, [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0], [new byte[width * height]]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
