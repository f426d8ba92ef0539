using Mip.Models;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

/// <summary>Each case is one LibTorch's float32 CPU path gets wrong here when called directly (bench/conv-gradients).</summary>
public class CpuSafeConvolutionTests
{
    [Theory]
    [InlineData(8, 24, 16, 3, 1, 14)]    // output wrong
    [InlineData(8, 40, 64, 3, 2, 14)]    // output wrong
    [InlineData(8, 48, 64, 3, 2, 14)]    // input gradient wrong (stride 2, an odd multiple of 16)
    [InlineData(8, 32, 5, 3, 1, 14)]     // input gradient wrong (outputs not a multiple of 16)
    [InlineData(8, 20, 24, 5, 1, 14)]    // both
    [InlineData(2, 512, 1024, 1, 2, 6)]  // input gradient kills the process (SIGFPE)
    [InlineData(8, 24, 3, 1, 1, 14)]     // right already: passed through
    [InlineData(1, 24, 5, 3, 1, 14)]
    public void MatchesDoublePrecisionForwardAndBackward(int batch, int inChannels, int outChannels, int kernel, int stride, int side)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(inChannels * 100 + outChannels);
        var input = randn(batch, inChannels, side, side, requires_grad: true);
        var weight = (randn(outChannels, inChannels, kernel, kernel) * 0.1).requires_grad_(true);
        var bias = randn(outChannels, requires_grad: true);
        Tensor output = CpuSafeConvolution.Conv2d(input, weight, bias, stride, kernel / 2);
        var upstream = randn_like(output);
        output.backward([upstream]);

        var input64 = input.detach().to(float64).requires_grad_(true);
        var weight64 = weight.detach().to(float64).requires_grad_(true);
        var bias64 = bias.detach().to(float64).requires_grad_(true);
        Tensor output64 = nn.functional.conv2d(input64, weight64, bias64, strides: [stride, stride], padding: [kernel / 2, kernel / 2]);
        output64.backward([upstream.to(float64)]);

        Assert.Equal(output64.shape, output.shape);
        PrecisionAssert.Close(output64.detach(), output.detach(), "output");
        PrecisionAssert.Close(input64.grad!, input.grad!, "input gradient");
        PrecisionAssert.Close(weight64.grad!, weight.grad!, "weight gradient");
        PrecisionAssert.Close(bias64.grad!, bias.grad!, "bias gradient");
    }

    [Fact]
    public void InferenceWithoutGradientsGivesTheSameOutput()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(5);
        var input = randn(4, 24, 10, 10);
        var weight = randn(5, 24, 3, 3) * 0.1;
        Tensor expected = nn.functional.conv2d(input.to(float64), weight.to(float64), padding: [1, 1]);
        using (no_grad()) PrecisionAssert.Close(expected, CpuSafeConvolution.Conv2d(input, weight, null, 1, 1), "output");
    }

    [Fact]
    public void ModulesKeepTheirOwnStrideAndPadding()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var convolution = nn.Conv2d(24, 32, 3, stride: 2, padding: 1);
        var input = randn(2, 24, 11, 11);
        Tensor expected = nn.functional.conv2d(input.to(float64), convolution.weight!.detach().to(float64), convolution.bias!.detach().to(float64),
            strides: [2, 2], padding: [1, 1]);
        using (no_grad()) PrecisionAssert.Close(expected, CpuSafeConvolution.Forward(convolution, input), "output");
    }
}
