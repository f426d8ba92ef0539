using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void ConvolutionGradientsMatchADoublePrecisionReference()
    {
        // 16 outputs: LibTorch's float32 CPU path (oneDNN 3.7.1) returns wrong or NaN input gradients for 3x3 and 5x5
        // convolutions whose output count is not a multiple of 16 on this machine's CPUs (bench/conv-gradients), so the
        // networks only use such shapes (ConvolutionShapeRuleTests); the float64 path is LibTorch's own and unaffected.
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(7);
        var input = randn(2, 3, 9, 9, requires_grad: true);
        var conv = nn.Conv2d(3, 16, 3, padding: 1);
        var output = conv.forward(input);
        Assert.Equal(new long[] { 2, 16, 9, 9 }, output.shape);
        using var two = 2.ToScalar(); // held: TorchSharp does not keep an implicitly converted Scalar alive during the call
        output.pow(two).sum().backward();

        var input64 = input.detach().to(float64).requires_grad_(true);
        var weight64 = conv.weight!.detach().to(float64).requires_grad_(true);
        var bias64 = conv.bias!.detach().to(float64).requires_grad_(true);
        nn.functional.conv2d(input64, weight64, bias64, padding: [1, 1]).pow(two).sum().backward();

        PrecisionAssert.Close(input64.grad!, input.grad!, "input");
        PrecisionAssert.Close(weight64.grad!, conv.weight.grad!, "weight");
        PrecisionAssert.Close(bias64.grad!, conv.bias.grad!, "bias");
    }


    [Fact]
    public void UnknownDeviceIsRejectedWithItsName()
    {
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
        Assert.Contains("tpu", e.Message);
    }

    [Fact]
    public void NegativeThreadCountIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.UseThreads(-1));

    [Fact]
    public void CpuDeviceResolves() => Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
}
