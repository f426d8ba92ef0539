using Mip.Data.Synthetic;
using SkiaSharp;

namespace Mip.Tests.Data;

public class SyntheticObjectsGeneratorTests
{
    private static readonly SyntheticObjectsOptions Small = new() { Classes = 3, ImagesPerClass = 2, ImageSize = 48 };

    [Fact]
    public void WritesOneFolderPerClassOfDecodableImages()
    {
        using var dir = new TempDir();
        SyntheticObjectsGenerator.Generate(dir.Path, Small);

        var classes = Directory.GetDirectories(dir.Path).OrderBy(d => d).ToArray();
        Assert.Equal(3, classes.Length);
        foreach (var folder in classes)
        {
            var files = Directory.GetFiles(folder, "*.jpg");
            Assert.Equal(2, files.Length);
            using var bitmap = SKBitmap.Decode(files[0]);
            Assert.Equal(48, bitmap.Width);
            Assert.Equal(48, bitmap.Height);
        }
    }

    [Fact]
    public void SameSeedDrawsTheSameBytesAndAnotherSeedDoesNot()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        using var c = new TempDir();
        SyntheticObjectsGenerator.Generate(a.Path, Small);
        SyntheticObjectsGenerator.Generate(b.Path, Small);
        SyntheticObjectsGenerator.Generate(c.Path, Small with { Seed = 5 });
        string file = Path.Combine("class_001", "img_001.jpg");
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, file)), File.ReadAllBytes(Path.Combine(b.Path, file)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a.Path, file)), File.ReadAllBytes(Path.Combine(c.Path, file)));
    }

    [Fact]
    public void ImagesOfOneClassDifferAndAreNotFlat()
    {
        using var dir = new TempDir();
        SyntheticObjectsGenerator.Generate(dir.Path, Small);
        using var first = SKBitmap.Decode(Path.Combine(dir.Path, "class_000", "img_000.jpg"));
        using var second = SKBitmap.Decode(Path.Combine(dir.Path, "class_000", "img_001.jpg"));
        var distinct = new HashSet<SKColor>();
        long difference = 0;
        for (int y = 0; y < 48; y++)
        for (int x = 0; x < 48; x++)
        {
            distinct.Add(first.GetPixel(x, y));
            difference += Math.Abs(first.GetPixel(x, y).Red - second.GetPixel(x, y).Red);
        }
        Assert.True(distinct.Count > 100, $"only {distinct.Count} colours");
        Assert.True(difference / (48.0 * 48) > 5, "two photos of one class look identical");
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticObjectsGenerator.Generate(dir.Path, Small with { Classes = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticObjectsGenerator.Generate(dir.Path, Small with { ImageSize = 5000 }));
    }
}

public class SyntheticObjectsAcrossProcessesTests
{
    [Fact]
    public void AnotherProcessDrawsTheSameBytes()
    {
        using var here = new TempDir();
        using var there = new TempDir();
        var options = new SyntheticObjectsOptions { Classes = 2, ImagesPerClass = 2, ImageSize = 40, Seed = 9 };
        SyntheticObjectsGenerator.Generate(here.Path, options);

        string cli = Path.Combine(AppContext.BaseDirectory, "mip.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "data", "draw", "--out", there.Path, "--classes", "2", "--images-per-class", "2", "--size", "40", "--seed", "9" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);

        foreach (var file in Directory.GetFiles(here.Path, "*.jpg", SearchOption.AllDirectories))
        {
            string twin = Path.Combine(there.Path, Path.GetRelativePath(here.Path, file));
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(twin));
        }
    }
}
