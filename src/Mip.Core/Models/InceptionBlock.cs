using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// torchvision's GoogLeNet Inception module: four parallel branches concatenated along channels — 1x1; 1x1 then 3x3;
/// 1x1 then 3x3 (torchvision uses 3x3 where the paper has 5x5, and its pretrained weights depend on it); 3x3 max-pool
/// then 1x1. Children are named branch1, branch2.0/.1, branch3.0/.1, branch4.1 like torchvision's.
/// </summary>
public sealed class InceptionBlock : nn.Module<Tensor, Tensor>
{
    private BasicConv2d branch1;
    private Sequential branch2;
    private Sequential branch3;
    private Sequential branch4;

    /// <summary>Creates the module with torchvision's argument order.</summary>
    public InceptionBlock(long inChannels, long ch1x1, long ch3x3Reduce, long ch3x3, long ch5x5Reduce, long ch5x5, long poolProjection)
        : base(nameof(InceptionBlock))
    {
        branch1 = new BasicConv2d(inChannels, ch1x1, 1);
        branch2 = nn.Sequential(new BasicConv2d(inChannels, ch3x3Reduce, 1), new BasicConv2d(ch3x3Reduce, ch3x3, 3, padding: 1));
        branch3 = nn.Sequential(new BasicConv2d(inChannels, ch5x5Reduce, 1), new BasicConv2d(ch5x5Reduce, ch5x5, 3, padding: 1));
        branch4 = nn.Sequential(nn.MaxPool2d(3, stride: 1, padding: 1, ceil_mode: true), new BasicConv2d(inChannels, poolProjection, 1));
        OutChannels = ch1x1 + ch3x3 + ch5x5 + poolProjection;
        RegisterComponents();
    }

    /// <summary>Channels of the concatenated output.</summary>
    public long OutChannels { get; }

    /// <summary>The module's convolution units (for initialisation).</summary>
    public IEnumerable<BasicConv2d> Units() =>
        new nn.Module[] { branch1, branch2, branch3, branch4 }.SelectMany(m => m.modules()).OfType<BasicConv2d>().Distinct();

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return cat([branch1.call(input), branch2.call(input), branch3.call(input), branch4.call(input)], 1).MoveToOuterDisposeScope();
    }
}
