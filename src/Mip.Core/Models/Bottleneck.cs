using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// torchvision's ResNet bottleneck block (v1.5: the stride sits on the 3x3 convolution): conv1x1-BN-ReLU,
/// conv3x3-BN-ReLU, conv1x1-BN (4x wider), plus an identity or conv1x1-BN shortcut, then ReLU.
/// Child names match torchvision (conv1..conv3, bn1..bn3, downsample.0, downsample.1).
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per bottleneck width.</summary>
    public const int Expansion = 4;

    private Conv2d conv1;
    private FrozenBatchNorm2d bn1;
    private Conv2d conv2;
    private FrozenBatchNorm2d bn2;
    private Conv2d conv3;
    private FrozenBatchNorm2d bn3;
    private Sequential? downsample;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="width"/> x 4 channels.</summary>
    public Bottleneck(long inChannels, long width, int stride) : base(nameof(Bottleneck))
    {
        long outChannels = width * Expansion;
        conv1 = nn.Conv2d(inChannels, width, 1, bias: false);
        bn1 = new FrozenBatchNorm2d(width);
        conv2 = nn.Conv2d(width, width, 3, stride: stride, padding: 1, bias: false);
        bn2 = new FrozenBatchNorm2d(width);
        conv3 = nn.Conv2d(width, outChannels, 1, bias: false);
        bn3 = new FrozenBatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), new FrozenBatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <summary>The block's convolutions (for initialisation).</summary>
    public IEnumerable<Conv2d> Convolutions()
    {
        yield return conv1;
        yield return conv2;
        yield return conv3;
        if (downsample is not null) yield return (Conv2d)downsample[0];
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.call(CpuSafeConvolution.Forward(conv1, input)));
        x = nn.functional.relu(bn2.call(CpuSafeConvolution.Forward(conv2, x)));
        x = bn3.call(CpuSafeConvolution.Forward(conv3, x));
        // The strided 1x1 shortcuts of layer3 and layer4 crash LibTorch's float32 CPU backward (CpuSafeConvolution).
        Tensor shortcut = downsample is null
            ? input
            : ((FrozenBatchNorm2d)downsample[1]).call(CpuSafeConvolution.Forward((Conv2d)downsample[0], input));
        return nn.functional.relu(x.add_(shortcut)).MoveToOuterDisposeScope();
    }
}
