using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void ConvolutionRunsForwardAndBackward()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(7);
        var input = randn(2, 3, 9, 9, requires_grad: true);
        var conv = nn.Conv2d(3, 5, 3, padding: 1);
        var output = conv.forward(input);
        Assert.Equal(new long[] { 2, 5, 9, 9 }, output.shape);

        using var two = 2.ToScalar(); // held, so no finalizer can free it during the native call
        output.pow(two).sum().backward();
        Assert.NotNull(input.grad);
        Assert.NotNull(conv.weight!.grad);
        Assert.True(input.grad!.abs().sum().item<float>() > 0);

        // The analytic gradient of sum(y^2) w.r.t. the bias is 2 * sum(y) per output channel.
        var expectedBiasGrad = output.detach().sum([0, 2, 3]) * 2;
        Assert.True(allclose(conv.bias!.grad!, expectedBiasGrad, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void UnknownDeviceIsRejectedWithItsName()
    {
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
        Assert.Contains("tpu", e.Message);
    }

    [Fact]
    public void CpuDeviceResolves() => Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
}
