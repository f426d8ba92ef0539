using Mip.Images;
using Mip.IO;
using static Mip.Tests.Images.ImageFixtures;

namespace Mip.Tests.Images;

public class ImageWriterTests
{
    [Fact]
    public void PngRoundTripIsLossless()
    {
        RgbImage original = Noise(37, 23, seed: 42);
        byte[] png = ImageWriter.EncodePng(original);

        Assert.Equal(ImageFileFormat.Png, ImageReader.ReadHeader(png, "n.png").Format);
        Assert.Equal(2, png[25]); // IHDR colour type: plain RGB, no alpha channel
        Assert.Equal(original.Pixels, ImageReader.Decode(png, "n.png").Pixels);
    }

    [Fact]
    public void JpegQualityTradesSizeForFidelity()
    {
        RgbImage scene = SmoothScene(128, 96);
        byte[] high = ImageWriter.EncodeJpeg(scene, 90);
        byte[] low = ImageWriter.EncodeJpeg(scene, 10);

        double psnrHigh = Psnr(scene, ImageReader.Decode(high, "high.jpg"));
        double psnrLow = Psnr(scene, ImageReader.Decode(low, "low.jpg"));

        Assert.True(low.Length < high.Length, $"q10 is {low.Length} bytes, q90 {high.Length}");
        Assert.True(psnrHigh > 30, $"PSNR at q90 is {psnrHigh:0.0} dB");
        Assert.True(psnrLow < psnrHigh, $"PSNR q10 {psnrLow:0.0} dB vs q90 {psnrHigh:0.0} dB");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void JpegQualityOutsideOneToHundredIsRejectedBeforeWriting(int quality)
    {
        using var dir = new TempDir();
        string path = dir.File("out.jpg");
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageWriter.SaveJpeg(Quadrants(8, 8), path, quality));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("out.png", ImageFileFormat.Png)]
    [InlineData("out.JPG", ImageFileFormat.Jpeg)]
    [InlineData("out.jpeg", ImageFileFormat.Jpeg)]
    public void SaveChoosesTheFormatByExtension(string name, ImageFileFormat expected)
    {
        using var dir = new TempDir();
        string path = dir.File(name);
        ImageWriter.Save(Quadrants(16, 8), path);

        Assert.Equal(new ImageHeader(expected, 16, 8, 1), ImageReader.ReadHeader(path));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void UnknownExtensionIsRejectedByNameAndNothingIsWritten()
    {
        using var dir = new TempDir();
        string path = dir.File("out.tiff");
        var e = Assert.Throws<MipInputException>(() => ImageWriter.Save(Quadrants(8, 8), path));
        Assert.Contains(path, e.Message);
        Assert.Contains(".tiff", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void SaveReplacesAnExistingFile()
    {
        using var dir = new TempDir();
        string path = dir.File("out.png");
        ImageWriter.SavePng(Quadrants(8, 8), path);
        RgbImage second = Noise(5, 3, seed: 8);
        ImageWriter.SavePng(second, path);

        Assert.Equal(second.Pixels, ImageReader.Load(path).Pixels);
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void FailedSaveLeavesNoFileBehind()
    {
        using var dir = new TempDir();
        string missingFolder = Path.Combine(dir.Path, "no-such-folder", "out.png");
        var e1 = Assert.Throws<MipInputException>(() => ImageWriter.SavePng(Quadrants(8, 8), missingFolder));
        Assert.Contains("no-such-folder", e1.Message);

        // The target is an existing folder: refused by name, and neither a temporary nor a partial file may remain.
        string folderTarget = dir.File("taken.png");
        Directory.CreateDirectory(folderTarget);
        var e2 = Assert.Throws<MipInputException>(() => ImageWriter.SavePng(Quadrants(8, 8), folderTarget));
        Assert.Contains(folderTarget, e2.Message);

        Assert.Equal([folderTarget], Directory.GetFileSystemEntries(dir.Path));
        Assert.Empty(Directory.GetFileSystemEntries(folderTarget));
    }
}
