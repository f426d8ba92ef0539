using System.Text.Json;
using Mip.Cli;
using Mip.Images;
using Mip.IO;
using Mip.Tests.Images;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public class EmbedCommandTests
{
    private static string WriteScene(TempDir dir, string name, int seed)
    {
        var random = new Random(seed);
        var image = new RgbImage(80, 60);
        for (int y = 0; y < image.Height; y++)
        for (int x = 0; x < image.Width; x++)
            image.SetPixel(x, y, (byte)(x * 3 + random.Next(20)), (byte)(y * 4), (byte)((x + y) * 2 % 256));
        string path = dir.File(name);
        ImageWriter.Save(image, path);
        return path;
    }

    [Fact]
    public void EmbedsImagesToJsonAndNpyWithUnitVectorsInArgumentOrder()
    {
        using var dir = new TempDir();
        string a = WriteScene(dir, "a.png", 1), b = WriteScene(dir, "b.jpg", 2);
        string json = dir.File("e.json"), npy = dir.File("e.npy");

        Assert.Equal(0, MipApp.Run(["embed", a, b, "-o", json, "--batch-size", "1"]));
        Assert.Equal(0, MipApp.Run(["embed", a, b, "-o", npy]));

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("embeddings").EnumerateArray().ToArray();
        Assert.Equal(512, document.RootElement.GetProperty("dimension").GetInt32());
        Assert.Equal(a, rows[0].GetProperty("image").GetString());
        Assert.Equal(b, rows[1].GetProperty("image").GetString());
        float[] first = rows[0].GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(1.0, first.Sum(v => (double)v * v), 4);

        var (values, count, dim) = NpyFile.ReadFloat32(npy);
        Assert.Equal((2, 512), (count, dim));
        // Batch size must not change the result: the JSON run used batches of one.
        for (int i = 0; i < 512; i++) Assert.Equal(first[i], values[i], 4);
        Assert.NotEqual(values[0..512], values[512..1024]);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("huge")]
    [InlineData("missing")]
    public void BadImageExitsNonZeroNamesTheFileAndWritesNothing(string kind)
    {
        using var dir = new TempDir();
        string good = WriteScene(dir, "good.jpg", 3);
        string bad = dir.File("bad-" + kind + (kind == "huge" ? ".png" : ".jpg"));
        switch (kind)
        {
            case "empty": File.WriteAllBytes(bad, []); break;
            case "truncated": File.WriteAllBytes(bad, File.ReadAllBytes(good)[..600]); break;
            case "huge": File.WriteAllBytes(bad, ImageFixtures.PngHeaderOnly(30000, 30000)); break;
        }
        string output = dir.File("out.json");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = MipApp.Run(["embed", good, bad, "-o", output]);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(MipApp.InputError, code);
        Assert.Contains(Path.GetFileName(bad), error.ToString());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void UnknownOutputExtensionIsRejected()
    {
        using var dir = new TempDir();
        string good = WriteScene(dir, "good.png", 4);
        Assert.NotEqual(0, MipApp.Run(["embed", good, "-o", dir.File("e.txt")]));
        Assert.False(File.Exists(dir.File("e.txt")));
    }
}
