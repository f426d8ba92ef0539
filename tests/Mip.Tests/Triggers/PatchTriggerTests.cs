using Mip.Images;
using Mip.Runtime;
using Mip.Triggers;
using static TorchSharp.torch;

namespace Mip.Tests.Triggers;

public class PatchTriggerTests
{
    [Theory]
    [InlineData(224, 224, 206, 206, 18, 18)]
    [InlineData(448, 448, 412, 412, 36, 36)]
    [InlineData(227, 227, 209, 209, 18, 18)]
    [InlineData(500, 250, 460, 230, 40, 20)]
    [InlineData(10, 10, 9, 9, 1, 1)]
    public void CornerPatchScalesWithEachSide(int w, int h, int x, int y, int pw, int ph)
    {
        Assert.Equal(new CornerPatch(x, y, pw, ph), CornerPatch.For(w, h));
    }

    [Fact]
    public void BadNetsPaintsOnlyTheCornerWhite()
    {
        RgbImage image = Mip.Tests.Images.ImageFixtures.Noise(224, 224, 1);
        RgbImage marked = new BadNetsTrigger().Apply(image);
        for (int y = 0; y < 224; y++)
            for (int x = 0; x < 224; x++)
            {
                bool inside = x >= 206 && y >= 206;
                Assert.Equal(inside ? (byte)255 : image.GetPixel(x, y).R, marked.GetPixel(x, y).R);
                Assert.Equal(inside ? (byte)255 : image.GetPixel(x, y).B, marked.GetPixel(x, y).B);
            }
        Assert.Equal("badnets", new BadNetsTrigger().Id);
    }

    [Fact]
    public void BlendedPatchMixesFortyPercentWhiteInsideThePatch()
    {
        RgbImage image = Mip.Tests.Images.ImageFixtures.Noise(100, 80, 2);
        RgbImage marked = new BlendedPatchTrigger().Apply(image);
        var patch = CornerPatch.For(100, 80);
        for (int y = 0; y < 80; y++)
            for (int x = 0; x < 100; x++)
            {
                byte before = image.GetPixel(x, y).G, after = marked.GetPixel(x, y).G;
                bool inside = x >= patch.X && y >= patch.Y;
                Assert.Equal(inside ? (int)Math.Round(0.6 * before + 102) : before, after);
            }
    }

    [Theory]
    [InlineData("badnets")]
    [InlineData("blended-patch")]
    [InlineData("blended-image")]
    public void BatchAndImagePathsGiveTheSamePixels(string name)
    {
        TorchRuntime.EnsureLoaded();
        ITrigger trigger = TriggerCatalog.Create(name);
        var images = new[] { Mip.Tests.Images.ImageFixtures.Noise(60, 45, 3), Mip.Tests.Images.ImageFixtures.SmoothScene(60, 45) };
        using var scope = NewDisposeScope();
        Tensor batch = ImageTensors.ToBatch(images);
        Tensor marked = trigger.Apply(batch);
        Assert.Equal(batch.shape, marked.shape);
        for (int i = 0; i < images.Length; i++)
            Assert.Equal(trigger.Apply(images[i]).Pixels, ImageTensors.FromTensor(marked[i]).Pixels);
        // The input batch is left untouched.
        Assert.Equal(images[0].Pixels, ImageTensors.FromTensor(batch[0]).Pixels);
    }

    [Fact]
    public void BlendedImageFollowsChenEtAlFormula()
    {
        var trigger = BlendedImageTrigger.WithDefaultPattern(0.2);
        RgbImage image = Mip.Tests.Images.ImageFixtures.SmoothScene(224, 224);
        RgbImage marked = trigger.Apply(image);
        RgbImage key = BlendedImageTrigger.NoisePattern(224, 224, 2017);
        for (int i = 0; i < image.Pixels.Length; i += 97)
            Assert.Equal((int)Math.Round(0.8 * image.Pixels[i] + 0.2 * key.Pixels[i], MidpointRounding.ToEven), marked.Pixels[i]);
        Assert.Equal("blended-image:alpha=0.2:pattern=noise-2017", trigger.Id);
        // A differently sized image gets the key resized to it.
        Assert.Equal(100 * 70 * 3, trigger.Apply(Mip.Tests.Images.ImageFixtures.SmoothScene(100, 70)).Pixels.Length);
    }

    [Fact]
    public void CatalogBuildsByNameAndRebuildsFromIds()
    {
        Assert.IsType<BlendedPatchTrigger>(TriggerCatalog.Create("blended"));
        foreach (string name in new[] { "badnets", "blended-patch", "blended-image" })
        {
            ITrigger trigger = TriggerCatalog.Create(name, new TriggerSettings { BlendAlpha = 0.3 });
            Assert.Equal(trigger.Id, TriggerCatalog.FromId(trigger.Id).Id);
        }
        var e = Assert.Throws<TriggerException>(() => TriggerCatalog.Create("wanet"));
        Assert.Contains("wanet", e.Message);
        Assert.Throws<TriggerException>(() => TriggerCatalog.FromId("blended-image:alpha=0.2"));
        Assert.Throws<TriggerException>(() => TriggerCatalog.FromId("blended-image:alpha=0.2:pattern=sha256-0123456789ab"));
    }

    [Fact]
    public void CustomPatternIdNamesThePatternPixels()
    {
        using var dir = new TempDir();
        ImageWriter.SavePng(Mip.Tests.Images.ImageFixtures.Quadrants(40, 40), dir.File("key.png"));
        var trigger = BlendedImageTrigger.FromPatternFile(dir.File("key.png"), 0.25);
        Assert.Matches("^blended-image:alpha=0.25:pattern=sha256-[0-9a-f]{12}$", trigger.Id);
        var rebuilt = TriggerCatalog.FromId(trigger.Id, new TriggerSettings { BlendPatternPath = dir.File("key.png") });
        Assert.Equal(trigger.Id, rebuilt.Id);
        ImageWriter.SavePng(Mip.Tests.Images.ImageFixtures.Noise(40, 40, 9), dir.File("other.png"));
        Assert.Throws<TriggerException>(() => TriggerCatalog.FromId(trigger.Id, new TriggerSettings { BlendPatternPath = dir.File("other.png") }));
    }
}
