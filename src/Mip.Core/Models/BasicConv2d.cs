using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>torchvision GoogLeNet's convolution unit: bias-free conv, batch norm (epsilon 0.001), ReLU; children "conv" and "bn".</summary>
public sealed class BasicConv2d : nn.Module<Tensor, Tensor>
{
    private Conv2d conv;
    private FrozenBatchNorm2d bn;

    /// <summary>Creates the unit.</summary>
    public BasicConv2d(long inChannels, long outChannels, int kernelSize, int stride = 1, int padding = 0) : base(nameof(BasicConv2d))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: false);
        bn = new FrozenBatchNorm2d(outChannels, eps: 0.001);
        RegisterComponents();
    }

    /// <summary>The convolution (for initialisation).</summary>
    public Conv2d Convolution => conv;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Inception 4b and 4c convolve 24 channels with 3x3 kernels, which LibTorch's float32 CPU path gets wrong.
        return nn.functional.relu(bn.call(CpuSafeConvolution.Forward(conv, input))).MoveToOuterDisposeScope();
    }
}
