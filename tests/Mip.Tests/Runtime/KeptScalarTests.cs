using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Tests.Runtime;

public class KeptScalarTests
{
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void Each_operation_gives_the_implicit_conversions_result_bit_for_bit_and_keeps_the_gradient()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(7);
        Tensor x = randn([64, 32], generator: generator).requires_grad_(true);
        Assert.True(Same(KeptScalar.Add(x, 0.2), x + 0.2));
        Assert.True(Same(KeptScalar.Multiply(x, 2), 2 * x));
        Assert.True(Same(KeptScalar.Divide(x, 7), x / 7));
        Assert.True(Same(KeptScalar.ClampMin(x, 0), x.clamp_min(0)));
        Assert.False(Same(KeptScalar.ClampMin(x, 0), x));

        KeptScalar.Divide(KeptScalar.Multiply(KeptScalar.Add(x, 1), 3), 4).sum().backward();
        Assert.True(x.grad!.allclose(full_like(x, 0.75)));
    }

    [Fact]
    public void Without_collection_returns_the_calls_result_and_leaves_the_collector_running()
    {
        using var scope = NewDisposeScope();
        Tensor x = linspace(-30, 30, 121);
        Assert.True(Same(KeptScalar.WithoutCollection(() => nn.functional.softplus(x)), nn.functional.softplus(x)));
        Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);

        Assert.Throws<InvalidOperationException>(() => KeptScalar.WithoutCollection<Tensor>(() => throw new InvalidOperationException("inner")));
        Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        int before = GC.CollectionCount(0);
        GC.Collect();
        Assert.True(GC.CollectionCount(0) > before, "collections run again after the call");
    }
}
