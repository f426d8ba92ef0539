using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// The two-convolution residual block of the CNTK ResNet-18: conv3x3-BN-ReLU-conv3x3-BN plus a shortcut (identity,
/// or conv1x1-BN when the block changes stride or width), then ReLU. Strided 3x3 convolutions pad (1, 0) like the
/// export. Child names follow torchvision's BasicBlock (conv1, bn1, conv2, bn2, downsample.0, downsample.1).
/// </summary>
public sealed class CntkBasicBlock : nn.Module<Tensor, Tensor>
{
    private PaddedConv2d conv1;
    private FrozenBatchNorm2d bn1;
    private PaddedConv2d conv2;
    private FrozenBatchNorm2d bn2;
    private Sequential? downsample;

    /// <summary>Creates a block mapping <paramref name="inChannels"/> to <paramref name="outChannels"/> with the given stride.</summary>
    public CntkBasicBlock(long inChannels, long outChannels, int stride) : base(nameof(CntkBasicBlock))
    {
        conv1 = new PaddedConv2d(inChannels, outChannels, 3, stride, 1, stride == 1 ? 1 : 0);
        bn1 = new FrozenBatchNorm2d(outChannels);
        conv2 = new PaddedConv2d(outChannels, outChannels, 3, 1, 1, 1);
        bn2 = new FrozenBatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(new PaddedConv2d(inChannels, outChannels, 1, stride, 0, 0), new FrozenBatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <summary>
    /// The (convolution, batch norm) pairs in the order the CNTK export lists them: the projection shortcut first,
    /// when there is one, then the two main-branch convolutions.
    /// </summary>
    public IEnumerable<(PaddedConv2d Conv, FrozenBatchNorm2d Norm)> ConvNormPairsInExportOrder()
    {
        if (downsample is not null) yield return ((PaddedConv2d)downsample[0], (FrozenBatchNorm2d)downsample[1]);
        yield return (conv1, bn1);
        yield return (conv2, bn2);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor main = nn.functional.relu(bn1.call(conv1.call(input)));
        main = bn2.call(conv2.call(main));
        Tensor shortcut = downsample is null ? input : downsample.call(input);
        return nn.functional.relu(main.add_(shortcut)).MoveToOuterDisposeScope();
    }
}
