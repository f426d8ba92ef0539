using System.Diagnostics;
using Mip.Images;
using Mip.IO;
using SkiaSharp;
using static Mip.Tests.Images.ImageFixtures;

namespace Mip.Tests.Images;

public class ImageReaderErrorTests
{
    private static ImageDecodeException LoadFails(string path, ImageProblem expected)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageReader.Load(path));
        Assert.Equal(expected, e.Problem);
        Assert.Equal(path, e.SourceName);
        Assert.Contains($"'{path}'", e.Message);
        Assert.IsAssignableFrom<MipInputException>(e);
        return e;
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var dir = new TempDir();
        LoadFails(dir.File("nowhere.jpg"), ImageProblem.Missing);
    }

    [Fact]
    public void FolderIsUnreadable()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("album.jpg"));
        LoadFails(dir.File("album.jpg"), ImageProblem.Unreadable);
    }

    [Fact]
    public void ZeroByteFileIsEmpty()
    {
        using var dir = new TempDir();
        var e = LoadFails(WriteFile(dir, "zero.jpg", []), ImageProblem.Empty);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void TextNamedJpgIsNotAnImage()
    {
        using var dir = new TempDir();
        string path = WriteFile(dir, "notes.jpg", "Shopping list: bread, milk, eggs\n"u8.ToArray());
        var e = LoadFails(path, ImageProblem.NotAnImage);
        Assert.Contains("not an image", e.Message);
    }

    [Fact]
    public void TiffIsRecognisedButUnsupported()
    {
        using var dir = new TempDir();
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var e = LoadFails(WriteFile(dir, "scan.tif", tiff), ImageProblem.UnsupportedFormat);
        Assert.Contains("TIFF", e.Message);
    }

    [Fact]
    public void JpegCutInHalfIsTruncatedButItsHeaderStillReads()
    {
        using var dir = new TempDir();
        byte[] jpeg = SkiaEncode(SmoothScene(96, 64), SKEncodedImageFormat.Jpeg, 90);
        string path = WriteFile(dir, "half.jpg", jpeg[..(jpeg.Length / 2)]);

        // The header is intact, so the cheap check passes; the missing pixels are found on decoding.
        Assert.Equal(new ImageHeader(ImageFileFormat.Jpeg, 96, 64, 1), ImageReader.ReadHeader(path));
        LoadFails(path, ImageProblem.Truncated);
    }

    [Fact]
    public void JpegCutInsideItsHeaderIsTruncated()
    {
        using var dir = new TempDir();
        byte[] jpeg = SkiaEncode(SmoothScene(96, 64), SKEncodedImageFormat.Jpeg, 90);
        LoadFails(WriteFile(dir, "stub.jpg", jpeg[..40]), ImageProblem.Truncated);
    }

    [Fact]
    public void PngCutInHalfIsTruncated()
    {
        using var dir = new TempDir();
        byte[] png = SkiaEncode(Noise(64, 64, seed: 2), SKEncodedImageFormat.Png, 100);
        LoadFails(WriteFile(dir, "half.png", png[..(png.Length / 2)]), ImageProblem.Truncated);
    }

    [Fact]
    public void JpegWithAnImpossibleFrameHeaderIsCorrupt()
    {
        using var dir = new TempDir();
        byte[] jpeg = SkiaEncode(SmoothScene(32, 32), SKEncodedImageFormat.Jpeg, 90);
        int sof = IndexOfMarker(jpeg, 0xC0);
        jpeg[sof + 4] = 3; // sample precision 3 bits: no decoder supports that
        LoadFails(WriteFile(dir, "broken.jpg", jpeg), ImageProblem.Corrupt);
    }

    [Fact]
    public void BmpPointingFarPastItsEndIsCorruptAndDoesNotCrashTheProcess()
    {
        // Skia skips ~4 GB to reach these pixels; through SkiaSharp's managed-stream wrapper that request threw
        // inside a native callback and killed the test host, so the reader must hand Skia native streams only.
        byte[] bmp = Bmp24(Noise(6, 4, seed: 1));
        BitConverter.TryWriteBytes(bmp.AsSpan(10), 0xFFFFFF00u);
        using var dir = new TempDir();
        LoadFails(WriteFile(dir, "far.bmp", bmp), ImageProblem.Corrupt);
        Assert.Equal(ImageProblem.Corrupt, Assert.Throws<ImageDecodeException>(() => ImageReader.Decode(bmp, "far.bmp")).Problem);
    }

    [Fact]
    public void HeaderOnlyPngOfThirtyThousandSquaredIsTooLargeWithoutBigAllocations()
    {
        using var dir = new TempDir();
        string headerOnly = WriteFile(dir, "huge.png", PngHeaderOnly(30000, 30000));
        string withData = WriteFile(dir, "huge-data.png", PngHugeWithSomeData(30000, 30000));
        ImageReader.ReadHeader(WriteFile(dir, "warm.png", EncodeSmallPng())); // load the native library outside the measurement

        foreach (string path in new[] { headerOnly, withData })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = LoadFails(path, ImageProblem.TooLarge);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains("30000x30000", e.Message);
            Assert.Contains("64,000,000", e.Message);
            Assert.InRange(allocated, 0, 1 << 20); // the 2.7 GB of RGB (or 3.6 GB RGBA) was never asked for
        }
    }

    [Fact]
    public void BadFilesEachFailNamingTheFile()
    {
        using var dir = new TempDir();
        byte[] jpeg = SkiaEncode(SmoothScene(64, 64), SKEncodedImageFormat.Jpeg, 90);
        string corrupt = WriteFile(dir, "corrupt.jpg", jpeg[..(jpeg.Length * 2 / 3)]);
        string empty = WriteFile(dir, "empty.jpg", []);
        string huge = WriteFile(dir, "huge.png", PngHeaderOnly(30000, 30000));

        foreach (string path in new[] { corrupt, empty, huge })
        {
            var e = Assert.Throws<ImageDecodeException>(() => ImageReader.Load(path));
            Assert.Contains(path, e.Message);
        }
    }

    [Fact]
    public void HugeDimensionsInOtherFormatsAreCaughtFromTheHeader()
    {
        // A GIF screen of 65535x65535 and a BMP of 40000x40000, both without pixel data.
        byte[] gif = [.. "GIF89a"u8.ToArray(), 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0];
        byte[] bmp = new byte[54];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BitConverter.TryWriteBytes(bmp.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bmp.AsSpan(18), 40000);
        BitConverter.TryWriteBytes(bmp.AsSpan(22), -40000); // top-down
        foreach (var (bytes, name) in new[] { (gif, "wide.gif"), (bmp, "wide.bmp") })
        {
            var e = Assert.Throws<ImageDecodeException>(() => ImageReader.Decode(bytes, name));
            Assert.Equal(ImageProblem.TooLarge, e.Problem);
            Assert.StartsWith($"'{name}'", e.Message);
        }
    }

    [Fact]
    public void UploadErrorsUseTheGivenName()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageReader.Decode([], "upload #3"));
        Assert.Equal(ImageProblem.Empty, e.Problem);
        Assert.Equal("upload #3", e.SourceName);
        Assert.StartsWith("'upload #3' is empty", e.Message);
    }

    [Fact]
    public void PixelLimitMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageLoadOptions { MaxPixels = 0 });
        Assert.Equal(64_000_000, new ImageLoadOptions().MaxPixels);
    }

    private static byte[] EncodeSmallPng() => SkiaEncode(Noise(4, 4, seed: 9), SKEncodedImageFormat.Png, 100);

    private static int IndexOfMarker(byte[] jpeg, byte marker)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker) return i;
        throw new InvalidOperationException($"No 0xFF{marker:X2} marker.");
    }
}
