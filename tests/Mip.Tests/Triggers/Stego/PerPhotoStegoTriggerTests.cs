using Mip.Images;
using Mip.Runtime;
using Mip.Tests.Images;
using Mip.Triggers;
using Mip.Triggers.Stego;
using static TorchSharp.torch;

namespace Mip.Tests.Triggers.Stego;

public class PerPhotoStegoTriggerTests
{
    private static Tensor AsTensor(RgbImage image)
    {
        TorchRuntime.EnsureLoaded();
        return ImageTensors.ToTensor(image);
    }

    [Fact]
    public void APhotoAlwaysGetsTheSameSecretAndANearDuplicateAnother()
    {
        RgbImage photo = ImageFixtures.SmoothScene(96, 80);
        RgbImage twin = photo.Clone();
        var (r, g, b) = twin.GetPixel(40, 30);
        twin.SetPixel(40, 30, (byte)(r ^ 1), g, b);
        using Tensor a = AsTensor(photo), again = AsTensor(photo.Clone()), near = AsTensor(twin);

        string secret = PhotoSecret.For(a);
        Assert.Matches("^[A-Za-z0-9]{7}$", secret);
        Assert.Equal(secret, PhotoSecret.For(again));
        Assert.NotEqual(secret, PhotoSecret.For(near));
        // The size is part of the key: the same levels laid out otherwise are another photo.
        using Tensor reshaped = a.reshape(3, 80, 96).transpose(1, 2).contiguous();
        Assert.NotEqual(secret, PhotoSecret.For(reshaped));
        Assert.Throws<ArgumentException>(() => PhotoSecret.For(a.unsqueeze(0)));
    }

    [Fact]
    public void EachRowOfABatchIsProtectedAsItWouldBeAlone()
    {
        using StegoModel model = StegoModel.LoadDefault();
        var trigger = new PerPhotoStegoTrigger(model, 31);
        RgbImage first = ImageFixtures.SmoothScene(64, 64), second = ImageFixtures.Noise(64, 64, 4);
        using Tensor batch = stack([AsTensor(first), AsTensor(second)]);
        using Tensor both = trigger.Apply(batch);

        RgbImage alone = trigger.Apply(second);
        Assert.Equal(alone.Pixels, ImageTensors.FromTensor(both[1]).Pixels);
        // One message per row: the fixed-secret trigger with the first row's secret marks only that row alike.
        using Tensor firstWithItsSecret = model.Protect(batch, PerPhotoStegoTrigger.BitsFor(batch[0]), 31);
        Assert.Equal(firstWithItsSecret[0].data<float>().ToArray(), both[0].data<float>().ToArray());
        Assert.NotEqual(firstWithItsSecret[1].data<float>().ToArray(), both[1].data<float>().ToArray());
    }

    [Fact]
    public void ThePhotosOwnSecretIsRevealed()
    {
        using StegoModel model = StegoModel.LoadDefault();
        RgbImage photo = ImageFixtures.SmoothScene(227, 227);
        RgbImage marked = new PerPhotoStegoTrigger(model, 31).Apply(photo);
        using Tensor original = AsTensor(photo);
        SecretDecodeResult result = model.Reveal(marked);
        Assert.True(result.Found);
        Assert.Equal(PhotoSecret.For(original), result.Secret);
    }

    [Fact]
    public void CatalogBuildsItByNameAndRebuildsItFromItsId()
    {
        ITrigger trigger = TriggerCatalog.Create("stego-per-photo", new TriggerSettings { Psnr = 31 });
        var perPhoto = Assert.IsType<PerPhotoStegoTrigger>(trigger);
        Assert.Matches("^stego-per-photo:weights=[0-9a-f]{8}:psnr=31$", trigger.Id);
        Assert.Equal(trigger.Id, TriggerCatalog.FromId(trigger.Id).Id);
        Assert.Contains("stego-per-photo", TriggerCatalog.Names);
        var e = Assert.Throws<TriggerException>(() => TriggerCatalog.FromId("stego-per-photo:weights=00000000:psnr=31"));
        Assert.Contains("00000000", e.Message);
        Assert.Contains(perPhoto.Model.Digest, e.Message);
        Assert.Throws<TriggerException>(() => TriggerCatalog.FromId("stego-per-photo:weights=00000000"));
    }
}
