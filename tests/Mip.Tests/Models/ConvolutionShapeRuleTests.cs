using Mip.Runtime;
using Mip.Triggers.Stego;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

/// <summary>
/// LibTorch 2.10's float32 CPU convolutions (oneDNN 3.7.1) with kernels larger than 1x1 return wrong, often NaN,
/// outputs when there are more than 16 input channels and they are not a multiple of 16, and wrong input gradients when
/// the output channels are not a multiple of 16 (bench/conv-gradients). The backbones go through CpuSafeConvolution
/// (BackbonePrecisionTests); the stego networks call LibTorch directly and keep to shapes outside those cases, which
/// these tests hold them to.
/// </summary>
public class ConvolutionShapeRuleTests
{
    [Fact]
    public void TheRuleFlagsAffectedConvolutionsAndPassesSafeOnes()
    {
        TorchRuntime.EnsureLoaded();
        using var narrowOutput = nn.Conv2d(16, 24, 3);
        using var oddInput = nn.Conv2d(24, 64, 3);
        using var pointwise = nn.Conv2d(24, 3, 1);
        using var stem = nn.Conv2d(3, 32, 3);
        Assert.Equal(["weight [24, 16, 3, 3]"], BadConvolutions(narrowOutput));
        Assert.Equal(["weight [64, 24, 3, 3]"], BadConvolutions(oddInput));
        Assert.Empty(BadConvolutions(pointwise));
        Assert.Empty(BadConvolutions(stem));
    }

    [Fact]
    public void StegoNetworksKeepToTheRuleAtEveryAllowedWidth()
    {
        TorchRuntime.EnsureLoaded();
        foreach (int channels in new[] { 16, 32, 48 })
        {
            using var network = new StegoNetwork(StegoArchitecture.Default with { EncoderChannels = channels, DecoderChannels = channels });
            Assert.Empty(BadConvolutions(network));
        }
        Assert.Throws<ArgumentException>(() => (StegoArchitecture.Default with { DecoderChannels = 24 }).Validate());
    }

    private static List<string> BadConvolutions(nn.Module module) =>
        module.named_parameters()
            .Where(p => p.parameter.dim() == 4 && p.parameter.shape[2] * p.parameter.shape[3] > 1)
            .Where(p => p.parameter.shape[0] % 16 != 0 || (p.parameter.shape[1] > 16 && p.parameter.shape[1] % 16 != 0))
            .Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]")
            .ToList();
}
