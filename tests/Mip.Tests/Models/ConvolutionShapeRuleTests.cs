using Mip.Models;
using Mip.Runtime;
using Mip.Triggers.Stego;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

/// <summary>
/// LibTorch 2.10's float32 CPU convolutions (oneDNN 3.7.1) get some shapes wrong here (bench/conv-gradients). The
/// backbones go through CpuSafeConvolution (BackbonePrecisionTests); the stego networks call LibTorch directly and keep
/// to shapes CpuSafeConvolution.Route would run as asked, which these tests hold them to.
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
            Assert.True(Convolutions(network).Count >= 4, "the stego networks' convolutions were not found");
            Assert.Empty(BadConvolutions(network));
        }
        Assert.Throws<ArgumentException>(() => (StegoArchitecture.Default with { DecoderChannels = 24 }).Validate());
    }

    // A convolution is bad to call directly when CpuSafeConvolution would not run it as asked (for training: the
    // input needs its gradient).
    private static List<(string prefix, TorchSharp.Modules.Conv2d conv)> Convolutions(nn.Module module) =>
        new[] { ("", module) }.Concat(module.named_modules())
            .Where(m => m.Item2 is TorchSharp.Modules.Conv2d)
            .Select(m => (m.Item1.Length == 0 ? "" : m.Item1 + ".", (TorchSharp.Modules.Conv2d)m.Item2))
            .ToList();

    private static List<string> BadConvolutions(nn.Module module) =>
        Convolutions(module)
            .Where(m => !CpuSafeConvolution.Route(m.conv.in_channels, m.conv.out_channels, m.conv.kernel_size[0], m.conv.kernel_size[1],
                m.conv.stride[0], m.conv.padding?[0] ?? 0, inputNeedsGradient: true).IsDirect)
            .Select(m => $"{m.prefix}weight [{string.Join(", ", m.conv.weight!.shape)}]")
            .ToList();
}
