using Mip.Runtime;
using Mip.Triggers.Stego;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Triggers.Stego;

public class StegoNetworkTests
{
    private static readonly StegoArchitecture Small = StegoArchitecture.Default;

    [Fact]
    public void GradientsMatchADoublePrecisionReference()
    {
        // Guards against the LibTorch CPU kernels that computed wrong input gradients for narrow 3x3 convolutions here.
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        using var scope = NewDisposeScope();
        var network = new StegoNetwork(Small);
        Tensor x = rand(2, 3, 64, 64), bits = (rand(2, Small.MessageBits) > 0.5).to(ScalarType.Float32), rms = full([2], 0.03f);
        Tensor Loss(Tensor images, Tensor message, Tensor target)
        {
            Tensor encoded = network.Embed(images, message, target);
            Tensor logits = network.Decoder.call(encoded);
            return nn.functional.binary_cross_entropy_with_logits(logits, message) + 2 * (1 - TensorSsim.PerImage(images, encoded).mean());
        }
        Loss(x, bits, rms).backward();
        var single = network.parameters().Select(p => p.grad!.clone()).ToArray();
        network.zero_grad();
        network.to(ScalarType.Float64);
        Loss(x.to(ScalarType.Float64), bits.to(ScalarType.Float64), rms.to(ScalarType.Float64)).backward();
        int i = 0;
        foreach (var (name, p) in network.named_parameters())
        {
            double relative = ((single[i++].to(ScalarType.Float64) - p.grad!).abs().max() / p.grad!.abs().max().clamp_min(1e-12)).item<double>();
            Assert.True(relative < 1e-3, $"{name}: float32 gradient is off by {relative:E2} of its largest value");
        }
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(37, 53)]
    [InlineData(130, 70)]
    [InlineData(9, 300)]
    public void ResidualHasTheTargetEnergyAtAnySize(int height, int width)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(4);
        using var scope = NewDisposeScope();
        var network = new StegoNetwork(Small);
        Tensor residual = network.Encoder.Residual(rand(2, 3, height, width), (rand(2, Small.MessageBits) > 0.5).to(ScalarType.Float32), tensor(new[] { 0.02f, 0.01f }));
        Assert.Equal(new long[] { 2, 3, height, width }, residual.shape);
        Tensor rms = residual.square().mean([1, 2, 3]).sqrt();
        Assert.Equal(0.02, rms[0].item<float>(), 5);
        Assert.Equal(0.01, rms[1].item<float>(), 5);
        Assert.Equal(new long[] { 2, Small.MessageBits }, network.Decoder.call(rand(2, 3, height, width)).shape);
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(40, 23)]
    [InlineData(5, 70)]
    public void FoldingARepeatedTileGivesTheTileBack(int height, int width)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        Tensor tile = randn(2, 3, 8, 8);
        Tensor tiled = PeriodicTiling.Tile(tile, height, width);
        Assert.Equal(new long[] { 2, 3, height, width }, tiled.shape);
        Tensor folded = PeriodicTiling.Fold(tiled, 8);
        // Phases the image never reaches (sides under 8) fold to 0; all others average copies of the same value.
        Tensor mask = zeros(1, 1, 8, 8);
        mask[.., .., ..Math.Min(8, height), ..Math.Min(8, width)] = ones(1, 1, Math.Min(8, height), Math.Min(8, width));
        Assert.True(folded.allclose(tile * mask, atol: 1e-6));
    }

    [Fact]
    public void TiedDecoderReadsAnUntrainedEncodersMessageAboveChance()
    {
        // The matched-filter start: before any training, a strong residual is already readable.
        TorchRuntime.EnsureLoaded();
        manual_seed(5);
        using var scope = NewDisposeScope();
        var network = new StegoNetwork(Small);
        network.Decoder.TieToEncoder(network.Encoder, 15);
        Tensor images = ImagesLikePhotos(8, 128);
        Tensor bits = (rand(8, Small.MessageBits) > 0.5).to(ScalarType.Float32);
        using var noGrad = no_grad();
        Tensor encoded = network.Embed(images, bits, full([8], (float)StegoModel.RmsForPsnr(30)));
        double accuracy = (network.Decoder.call(encoded) > 0).to(ScalarType.Float32).eq(bits).to(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.8, $"bit accuracy {accuracy:0.000}");
        double clean = (network.Decoder.call(images) > 0).to(ScalarType.Float32).eq(bits).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(clean, 0.35, 0.65);
    }

    /// <summary>Smooth random fields plus a little texture: photo-like spectra, no files needed.</summary>
    internal static Tensor ImagesLikePhotos(int count, int size)
    {
        Tensor coarse = rand(count, 3, size / 16, size / 16);
        Tensor smooth = nn.functional.interpolate(coarse, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        return (smooth * 0.8 + 0.1 + randn(count, 3, size, size) * 0.03).clamp(0, 1);
    }
}
