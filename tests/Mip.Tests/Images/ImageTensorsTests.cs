using Mip.Images;
using SkiaSharp;
using TorchSharp;
using static Mip.Tests.Images.ImageFixtures;
using static TorchSharp.torch;

namespace Mip.Tests.Images;

public class ImageTensorsTests
{
    [Fact]
    public void ToTensorIsChannelsFirstInUnitRange()
    {
        var image = new RgbImage(3, 2);
        image.SetPixel(2, 1, 255, 51, 0);
        using var scope = NewDisposeScope();

        Tensor t = ImageTensors.ToTensor(image);

        Assert.Equal(new long[] { 3, 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(1f, t[0, 1, 2].item<float>());
        Assert.Equal(51f / 255f, t[1, 1, 2].item<float>());
        Assert.Equal(0f, t[2, 1, 2].item<float>());
        Assert.Equal(255f / 255f, t.sum().item<float>() - 51f / 255f, 4);
    }

    [Fact]
    public void TensorRoundTripIsExact()
    {
        RgbImage original = Noise(31, 17, seed: 4);
        using var scope = NewDisposeScope();
        Assert.Equal(original.Pixels, ImageTensors.FromTensor(ImageTensors.ToTensor(original)).Pixels);
    }

    [Fact]
    public void FromTensorClampsAndRounds()
    {
        using var scope = NewDisposeScope();
        Tensor t = tensor(new float[] { -0.5f, 1.7f, 0.5f, 0.2f, float.NaN, 1f }, [3, 1, 2]);

        RgbImage image = ImageTensors.FromTensor(t);

        // Channel planes: R = (-0.5, 1.7), G = (0.5, 0.2), B = (NaN, 1).
        Assert.Equal(((byte)0, (byte)128, (byte)0), image.GetPixel(0, 0));
        Assert.Equal(((byte)255, (byte)51, (byte)255), image.GetPixel(1, 0));
        Assert.Throws<ArgumentException>(() => ImageTensors.FromTensor(zeros(1, 3, 2, 2)));
    }

    [Fact]
    public void BatchStacksImagesInOrder()
    {
        RgbImage[] images = [Noise(5, 4, 1), Noise(5, 4, 2), Noise(5, 4, 3)];
        using var scope = NewDisposeScope();

        Tensor batch = ImageTensors.ToBatch(images);

        Assert.Equal(new long[] { 3, 3, 4, 5 }, batch.shape);
        for (int i = 0; i < images.Length; i++)
            Assert.True(allclose(batch[i], ImageTensors.ToTensor(images[i]), rtol: 0, atol: 0), $"image {i}");
        Assert.Throws<ArgumentException>(() => ImageTensors.ToBatch([Noise(5, 4, 1), Noise(4, 5, 1)]));
    }

    [Fact]
    public void DecodeToTensorLoopStaysStable()
    {
        // Guards against the crash seen when tensors were built over managed buffers inside a decode loop.
        byte[] jpeg = SkiaEncode(SmoothScene(64, 48), SKEncodedImageFormat.Jpeg, 85);
        double total = 0;
        for (int i = 0; i < 200; i++)
        {
            using var scope = NewDisposeScope();
            RgbImage image = ImageReader.Decode(jpeg, "loop.jpg").Resize(32, 32);
            Tensor t = ImageTensors.ToBatch([image, image]);
            GC.Collect(0); // move managed buffers around while tensors are alive
            total += t.mean().item<float>();
        }
        Assert.InRange(total / 200, 0.05, 0.95);
    }
}
