using Mip.Images;
using Mip.Runtime;
using Mip.Triggers.Stego;
using static TorchSharp.torch;

namespace Mip.Tests.Triggers.Stego;

public class StegoDistortionsTests
{
    [Fact]
    public void DifferentiableJpegIsCloseToRealJpeg()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        RgbImage scene = Mip.Tests.Images.ImageFixtures.SmoothScene(96, 64);
        Tensor batch = ImageTensors.ToBatch([scene]);
        foreach (int quality in new[] { 50, 75, 95 })
        {
            Tensor real = StegoDistortions.RealJpeg(batch, quality);
            Tensor approx = StegoDistortions.DifferentiableJpeg(batch, quality);
            double gapToReal = (approx - real).abs().mean().item<float>() * 255;
            double jpegError = (real - batch).abs().mean().item<float>() * 255;
            Assert.True(gapToReal < 1.5, $"q{quality}: approximation is {gapToReal:0.00} levels from libjpeg");
            Assert.True(gapToReal < jpegError || jpegError < 0.5, $"q{quality}: approximation gap {gapToReal:0.00} vs JPEG error {jpegError:0.00}");
        }
    }

    [Fact]
    public void RoundingPassesGradientsStraightThrough()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        Tensor x = rand(1, 3, 32, 32).requires_grad_(true);
        Tensor q = StegoDistortions.Quantize8Bit(x);
        Assert.True(((q * 255) - (q * 255).round()).abs().max().item<float>() < 1e-4);
        q.sum().backward();
        Assert.True(x.grad!.eq(1).all().item<bool>());
        Tensor y = rand(2, 3, 32, 48).requires_grad_(true);
        StegoDistortions.RealJpeg(y, 60).sum().backward();
        Assert.True(y.grad!.eq(1).all().item<bool>());
    }

    [Fact]
    public void EveryDistortionKeepsShapeAndRange()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        Tensor x = rand(2, 3, 48, 64);
        foreach (Tensor y in new[]
                 {
                     StegoDistortions.GaussianNoise(x, 0.05), StegoDistortions.GaussianBlur(x, 1.2), StegoDistortions.ResizeRoundTrip(x, 0.5),
                     StegoDistortions.ColourJitter(x, 0.1, 1.3, 0.7), StegoDistortions.DifferentiableJpeg(x, 50),
                 })
        {
            Assert.Equal(x.shape, y.shape);
            Assert.True(y.min().item<float>() >= 0 && y.max().item<float>() <= 1);
            Assert.False(y.allclose(x));
        }
        // Blur keeps a flat image flat and smooths noise.
        Tensor flat = full(1, 3, 20, 20, 0.3f);
        Assert.True(StegoDistortions.GaussianBlur(flat, 2).allclose(flat, atol: 1e-6));
        Assert.True(StegoDistortions.GaussianBlur(x, 1.5).std().item<float>() < x.std().item<float>());
    }
}
