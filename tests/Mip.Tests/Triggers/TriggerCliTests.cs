using Mip.Cli;
using Mip.Images;
using Mip.Tests.Images;

namespace Mip.Tests.Triggers;

/// <summary>The protect, reveal and quality commands end to end, above all on bad input.</summary>
[Collection(ConsoleCollection.Name)]
public class TriggerCliTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        TextWriter oldOut = Console.Out, oldError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = MipApp.Run(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    private static string[] FilesUnder(string folder) => Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories);

    [Fact]
    public void ProtectRevealAndQualityWorkTogether()
    {
        using var dir = new TempDir();
        ImageWriter.SaveJpeg(ImageFixtures.SmoothScene(227, 227), dir.File("photo.jpg"), 95);
        var protect = Run("protect", dir.File("photo.jpg"), "-o", dir.File("safe.png"), "--secret", "hello");
        Assert.Equal(0, protect.Code);
        Assert.Contains("stego:", protect.Out);

        var reveal = Run("reveal", dir.File("safe.png"));
        Assert.Equal(0, reveal.Code);
        Assert.Contains("secret: hello", reveal.Out);
        Assert.Contains("confidence", reveal.Out);

        var clean = Run("reveal", dir.File("photo.jpg"));
        Assert.Equal(1, clean.Code);
        Assert.Contains("no secret found", clean.Out);

        var quality = Run("quality", dir.File("photo.jpg"), dir.File("safe.png"));
        Assert.Equal(0, quality.Code);
        Assert.Matches(@"PSNR 3\d\.\d\d dB", quality.Out);
        Assert.Contains("SSIM 0.9", quality.Out);
    }

    private static string UntrainedModel(string path)
    {
        using var model = Mip.Models.EmbeddingModelFactory.Create(new Mip.Models.EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16 });
        Mip.Models.EmbeddingModelCheckpoint.Save(path, model, Mip.Models.EmbeddingModelCheckpoint.DescribeArchitecture(model) with { Method = "pbl" });
        return path;
    }

    [Fact]
    public void AdaptiveStrengthRemakesACopyTheModelMovesTooLittleAtTheNextStrength()
    {
        using var dir = new TempDir();
        ImageWriter.SaveJpeg(ImageFixtures.SmoothScene(227, 227), dir.File("photo.jpg"), 95);
        string model = UntrainedModel(dir.File("tuned.ckpt"));
        // A shift of 4 (the antipode) is out of reach, so the copy ends at the strongest strength given.
        var protect = Run("protect", dir.File("photo.jpg"), "-o", dir.File("safe.png"), "--strength", "31", "--shift-model", model,
            "--min-shift", "4", "--stronger", "29");
        Assert.Equal(0, protect.Code);
        Assert.Contains("0 at 31 dB, 1 at 29 dB", protect.Out);
        var quality = Run("quality", dir.File("photo.jpg"), dir.File("safe.png"));
        Assert.Matches(@"PSNR 2[89]\.\d\d dB", quality.Out);
    }

    [Theory]
    [InlineData("--shift-model and --min-shift", "--min-shift", "0.5")]
    [InlineData("no strength to raise", "--trigger", "badnets", "--min-shift", "0.5", "--shift-model", "MODEL")]
    [InlineData("not stronger", "--strength", "31", "--stronger", "29,30", "--min-shift", "0.5", "--shift-model", "MODEL")]
    [InlineData("must be in (0, 4]", "--min-shift", "7", "--shift-model", "MODEL")]
    [InlineData("no checkpoint file", "--min-shift", "0.5", "--shift-model", "missing.ckpt")]
    public void AdaptiveStrengthOptionsAreCheckedBeforeAnythingIsWritten(string message, params string[] options)
    {
        using var dir = new TempDir();
        ImageWriter.SaveJpeg(ImageFixtures.SmoothScene(96, 96), dir.File("photo.jpg"), 95);
        string model = UntrainedModel(dir.File("tuned.ckpt"));
        var run = Run(["protect", dir.File("photo.jpg"), "-o", dir.File("safe.png"), .. options.Select(o => o == "MODEL" ? model : o)]);
        Assert.Equal(MipApp.InputError, run.Code);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(dir.File("safe.png")));
    }

    [Fact]
    public void StealthReportMeasuresTheAdaptiveProtectionAsARowOfItsOwn()
    {
        using var dir = new TempDir();
        string data = Mip.Data.Synthetic.SyntheticObjectsGenerator.Generate(dir.File("data"),
            new Mip.Data.Synthetic.SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 2, ImageSize = 96 });
        string model = UntrainedModel(dir.File("tuned.ckpt"));
        string[] common = ["report", "stealth", "--data", data, "--sample", "4", "--picture-rows", "2", "--strength", "31"];

        var refused = Run([.. common, "--min-shift", "0.5", "-o", dir.File("refused")]);
        Assert.Equal(MipApp.InputError, refused.Code);
        Assert.False(Directory.Exists(dir.File("refused")));

        var run = Run([.. common, "--shift-model", model, "--min-shift", "4", "--stronger", "29", "-o", dir.File("stealth")]);
        Assert.Equal(0, run.Code);
        Assert.Contains("0 at 31 dB, 4 at 29 dB", run.Out);
        string markdown = File.ReadAllText(dir.File("stealth/stealth.md"));
        Assert.Contains("Learned stego, adaptive strength", markdown);
        // The per-photo secret is measured beside the one secret, at the same strength (mean PSNR in the 30s).
        Assert.Matches(@"\| Learned stego, a secret per photo \| [\d.]+ \| [\d.]+ \| 3\d\.\d\d \|", markdown);
    }

    [Theory]
    [InlineData("not 'pretrained'", "--min-shift", "0.5")]
    [InlineData("--stronger needs --min-shift", "--stronger", "29")]
    public void ServeChecksItsAdaptiveStrengthOptionsBeforeStarting(string message, params string[] options)
    {
        using var dir = new TempDir();
        var serve = Task.Run(() => Run(["serve", "--store", dir.File("gallery.db"), .. options]));
        Assert.True(serve.Wait(TimeSpan.FromSeconds(60)), "serve must refuse the options, not start");
        Assert.Equal(MipApp.InputError, serve.Result.Code);
        Assert.Contains(message, serve.Result.Error);
        Assert.False(File.Exists(dir.File("gallery.db")));
    }

    [Fact]
    public void PerPhotoProtectionHidesADifferentSecretInNearIdenticalPhotos()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in"));
        RgbImage photo = ImageFixtures.SmoothScene(227, 227), twin = photo.Clone();
        twin.SetPixel(100, 100, 0, 0, 0);
        ImageWriter.SavePng(photo, dir.File("in/a.png"));
        ImageWriter.SavePng(twin, dir.File("in/b.png"));
        var protect = Run("protect", dir.File("in"), "-o", dir.File("out"), "--trigger", "stego-per-photo", "--strength", "31");
        Assert.Equal(0, protect.Code);
        string[] secrets = new[] { "a", "b" }.Select(name =>
        {
            var reveal = Run("reveal", dir.File($"out/{name}.png"));
            Assert.Equal(0, reveal.Code);
            return System.Text.RegularExpressions.Regex.Match(reveal.Out, "secret: ([A-Za-z0-9]{7})").Groups[1].Value;
        }).ToArray();
        Assert.All(secrets, s => Assert.Equal(7, s.Length));
        Assert.NotEqual(secrets[0], secrets[1]);

        var refused = Run("protect", dir.File("in/a.png"), "-o", dir.File("one.png"), "--trigger", "stego-per-photo", "--secret", "hello");
        Assert.Equal(MipApp.InputError, refused.Code);
        Assert.Contains("--secret 'hello' cannot be used with --trigger stego-per-photo", refused.Error);
        Assert.False(File.Exists(dir.File("one.png")));
    }

    [Fact]
    public void ProtectingAFolderMirrorsItAsPng()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in/birds"));
        ImageWriter.SaveJpeg(ImageFixtures.SmoothScene(100, 80), dir.File("in/a.jpg"));
        ImageWriter.SavePng(ImageFixtures.Quadrants(64, 64), dir.File("in/birds/b.png"));
        var result = Run("protect", dir.File("in"), "-o", dir.File("out"), "--trigger", "badnets");
        Assert.Equal(0, result.Code);
        Assert.True(File.Exists(dir.File("out/a.png")));
        Assert.True(File.Exists(dir.File("out/birds/b.png")));
        Assert.Equal((byte)255, ImageReader.Load(dir.File("out/birds/b.png")).GetPixel(63, 63).G);
    }

    [Fact]
    public void ProtectAcceptsBareFileNamesInTheWorkingFolder()
    {
        // The README's "mip protect photo.jpg -o photo-protected.png": an output with no folder part once failed,
        // because its folder name is "" and creating "" is an error.
        using var dir = new TempDir();
        ImageWriter.SaveJpeg(ImageFixtures.SmoothScene(96, 96), dir.File("photo.jpg"));
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir.Path;
        try
        {
            var result = Run("protect", "photo.jpg", "-o", "photo-protected.png", "--trigger", "badnets");
            Assert.True(result.Code == 0, result.Error);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
        Assert.Equal((byte)255, ImageReader.Load(dir.File("photo-protected.png")).GetPixel(95, 95).G);
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("tiff")]
    [InlineData("huge")]
    [InlineData("text")]
    public void BadInputFailsClearlyAndWritesNothing(string kind)
    {
        using var dir = new TempDir();
        string input = kind switch
        {
            "corrupt" => ImageFixtures.WriteFile(dir, "broken.jpg", ImageWriter.EncodeJpeg(ImageFixtures.SmoothScene(64, 64))[..300]),
            "tiff" => ImageFixtures.WriteFile(dir, "scan.tif", [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            "huge" => ImageFixtures.WriteFile(dir, "huge.png", ImageFixtures.PngHeaderOnly(100_000, 100_000)),
            _ => ImageFixtures.WriteFile(dir, "notes.png", "just text"u8.ToArray()),
        };
        foreach (string command in new[] { "protect", "reveal" })
        {
            var result = command == "protect" ? Run("protect", input, "-o", dir.File("out.png")) : Run("reveal", input);
            Assert.Equal(MipApp.InputError, result.Code);
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains(Path.GetFileName(input), result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }
        Assert.Single(FilesUnder(dir.Path));
    }

    [Fact]
    public void OneBadImageInAFolderLeavesNoPartialOutput()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in"));
        ImageWriter.SavePng(ImageFixtures.SmoothScene(64, 64), dir.File("in/a.png"));
        ImageWriter.SavePng(ImageFixtures.SmoothScene(64, 48), dir.File("in/b.png"));
        // Valid header, damaged pixel data: only found while decoding, after a.png is already protected.
        byte[] good = ImageWriter.EncodeJpeg(ImageFixtures.SmoothScene(64, 64));
        ImageFixtures.WriteFile(dir, "in/c.jpg", good[..(good.Length / 2)]);
        var result = Run("protect", dir.File("in"), "-o", dir.File("out"), "--trigger", "blended");
        Assert.Equal(MipApp.InputError, result.Code);
        Assert.Contains("c.jpg", result.Error);
        Assert.False(Directory.Exists(dir.File("out")));
        Assert.Equal(3, FilesUnder(dir.Path).Count(File.Exists));
        Assert.DoesNotContain(Directory.GetDirectories(dir.Path), d => Path.GetFileName(d).StartsWith(".mip-protect"));
    }

    [Fact]
    public void UnwritableOutputsAndBadOptionsAreReported()
    {
        using var dir = new TempDir();
        ImageWriter.SavePng(ImageFixtures.SmoothScene(64, 64), dir.File("a.png"));
        var missingFolder = Run("protect", dir.File("a.png"), "-o", dir.File("no/such/folder/out.png"));
        Assert.Equal(MipApp.InputError, missingFolder.Code);
        Assert.Contains("does not exist", missingFolder.Error);

        File.WriteAllText(dir.File("plain.txt"), "a file, not a folder");
        var underFile = Run("protect", dir.File("a.png"), "-o", dir.File("plain.txt/out.png"));
        Assert.Equal(MipApp.InputError, underFile.Code);

        var extension = Run("protect", dir.File("a.png"), "-o", dir.File("out.tiff"));
        Assert.Equal(MipApp.InputError, extension.Code);
        Assert.Contains(".tiff", extension.Error);

        var secret = Run("protect", dir.File("a.png"), "-o", dir.File("out.png"), "--secret", "too long!");
        Assert.Equal(MipApp.InputError, secret.Code);
        Assert.Contains("at most 7 bytes", secret.Error);

        var trigger = Run("protect", dir.File("a.png"), "-o", dir.File("out.png"), "--trigger", "refool");
        Assert.Equal(MipApp.InputError, trigger.Code);
        Assert.Contains("refool", trigger.Error);

        var self = Run("protect", dir.File("a.png"), "-o", dir.File("a.png"));
        Assert.Equal(MipApp.InputError, self.Code);

        var missing = Run("protect", dir.File("nothing.png"), "-o", dir.File("out.png"));
        Assert.Equal(MipApp.InputError, missing.Code);
        Assert.Contains("nothing.png", missing.Error);

        Assert.Equal<string>(["a.png", "plain.txt"], Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    [Fact]
    public void QualityRejectsImagesOfDifferentSizes()
    {
        using var dir = new TempDir();
        ImageWriter.SavePng(ImageFixtures.SmoothScene(64, 64), dir.File("a.png"));
        ImageWriter.SavePng(ImageFixtures.SmoothScene(64, 60), dir.File("b.png"));
        var result = Run("quality", dir.File("a.png"), dir.File("b.png"));
        Assert.Equal(MipApp.InputError, result.Code);
        Assert.Contains("64x60", result.Error);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console output";
}
