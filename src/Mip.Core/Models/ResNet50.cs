using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// torchvision's ResNet-50 without its classifier: stem (conv 7x7/2, BN, ReLU, max-pool 3x3/2) and four stages of
/// [3, 4, 6, 3] bottleneck blocks ending in 2048 channels at 1/32 of the input size. Parameter names are torchvision's
/// (conv1.weight, layer3.5.bn2.running_var, ...), so torchvision state dicts load by name; their <c>fc.*</c> keys
/// are skipped. Expects ImageNet-normalised RGB (see <see cref="Preprocess"/>).
/// </summary>
public sealed class ResNet50 : Backbone
{
    private static readonly string[] Names = ["stem", "layer1", "layer2", "layer3", "layer4"];
    private static readonly int[] BlocksPerStage = [3, 4, 6, 3];
    private static readonly int[] WidthPerStage = [64, 128, 256, 512];
    private static readonly double[] ImageNetMean = [0.485, 0.456, 0.406];
    private static readonly double[] ImageNetStd = [0.229, 0.224, 0.225];

    private Conv2d conv1;
    private FrozenBatchNorm2d bn1;
    private Sequential layer1;
    private Sequential layer2;
    private Sequential layer3;
    private Sequential layer4;

    /// <summary>Creates the network with torchvision's random initialisation, drawn from <paramref name="generator"/>.</summary>
    public ResNet50(Generator generator) : base(nameof(ResNet50))
    {
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = new FrozenBatchNorm2d(64);
        var layers = new Sequential[4];
        long inChannels = 64;
        for (int s = 0; s < 4; s++)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < BlocksPerStage[s]; b++)
            {
                blocks.Add(new Bottleneck(inChannels, WidthPerStage[s], s > 0 && b == 0 ? 2 : 1));
                inChannels = WidthPerStage[s] * Bottleneck.Expansion;
            }
            layers[s] = nn.Sequential(blocks.ToArray());
        }
        (layer1, layer2, layer3, layer4) = (layers[0], layers[1], layers[2], layers[3]);
        RegisterComponents();

        WeightInit.KaimingNormalFanOut(conv1.weight, generator);
        foreach (var layer in layers)
            foreach (var block in layer.children().Cast<Bottleneck>())
                foreach (var conv in block.Convolutions())
                    WeightInit.KaimingNormalFanOut(conv.weight, generator);
    }

    /// <inheritdoc />
    public override BackboneKind Kind => BackboneKind.ResNet50;

    /// <inheritdoc />
    public override int FeatureChannels => 2048;

    /// <inheritdoc />
    public override IReadOnlyList<string> StageNames => Names;

    /// <inheritdoc />
    public override IReadOnlyList<string> IgnoredStateDictPrefixes => ["fc."];

    /// <inheritdoc />
    public override IReadOnlyList<nn.Module> StageModules(int stage) => stage switch
    {
        0 => [conv1, bn1],
        1 => [layer1],
        2 => [layer2],
        3 => [layer3],
        4 => [layer4],
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <inheritdoc />
    public override Tensor ForwardStage(int stage, Tensor input) => stage switch
    {
        0 => Stem(input),
        1 => layer1.call(input),
        2 => layer2.call(input),
        3 => layer3.call(input),
        4 => layer4.call(input),
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <summary>torchvision's ImageNet normalisation: (x - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225].</summary>
    public override Tensor Preprocess(Tensor rgb01) => NormalizePerChannel(rgb01, ImageNetMean, ImageNetStd);

    private Tensor Stem(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.call(CpuSafeConvolution.Forward(conv1, input)));
        return nn.functional.max_pool2d(x, kernel_size: 3, stride: 2, padding: 1).MoveToOuterDisposeScope();
    }
}
