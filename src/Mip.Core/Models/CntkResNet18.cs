using Mip.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// The ImageNet ResNet-18 shipped in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, rebuilt as a
/// trainable TorchSharp module. It is a CNTK export and differs from torchvision's ResNet-18: the last stage has
/// three blocks ([2, 2, 2, 3]), strided convolutions and the stem's max-pool pad (1, 0) / (3, 2) instead of
/// symmetrically, batch norm is not fused (epsilon 1e-5), and the input is BGR in 0..255 minus a 224x224 mean image.
/// Stages: stem (conv 7x7/2, BN, ReLU, max-pool 3x3/2), layer1 (64), layer2 (128), layer3 (256), layer4 (512).
/// Build it with <see cref="CntkResNet18Import.Load(string, string)"/> to get the pretrained weights.
/// </summary>
public sealed class CntkResNet18 : Backbone
{
    /// <summary>Side of the mean image and of the network's native input.</summary>
    public const int NativeInputSize = 224;

    private static readonly string[] Names = ["stem", "layer1", "layer2", "layer3", "layer4"];
    private static readonly int[] BlocksPerStage = [2, 2, 2, 3];
    private static readonly int[] ChannelsPerStage = [64, 128, 256, 512];

    private PaddedConv2d conv1;
    private FrozenBatchNorm2d bn1;
    private Sequential layer1;
    private Sequential layer2;
    private Sequential layer3;
    private Sequential layer4;
    // Part of the state dict so a saved model carries its own preprocessing.
    [ComponentName(Name = "mean_image")] private Tensor meanImage;

    /// <summary>
    /// Creates the network with He-initialised convolutions (drawn from <paramref name="generator"/> when given),
    /// identity batch norms and the given BGR mean image [1, 3, 224, 224] (zeros when null).
    /// </summary>
    public CntkResNet18(Generator? generator = null, Tensor? meanImageBgr = null) : base(nameof(CntkResNet18))
    {
        conv1 = new PaddedConv2d(3, 64, 7, 2, 3, 2);
        bn1 = new FrozenBatchNorm2d(64);
        var layers = new Sequential[4];
        long inChannels = 64;
        for (int s = 0; s < 4; s++)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < BlocksPerStage[s]; b++)
            {
                int stride = s > 0 && b == 0 ? 2 : 1;
                blocks.Add(new CntkBasicBlock(inChannels, ChannelsPerStage[s], stride));
                inChannels = ChannelsPerStage[s];
            }
            layers[s] = nn.Sequential(blocks.ToArray());
        }
        (layer1, layer2, layer3, layer4) = (layers[0], layers[1], layers[2], layers[3]);
        meanImage = (meanImageBgr?.detach().clone() ?? zeros(1, 3, NativeInputSize, NativeInputSize)).DetachFromDisposeScope();
        if (!meanImage.shape.SequenceEqual(new long[] { 1, 3, NativeInputSize, NativeInputSize }))
            throw new ArgumentException($"The mean image must be [1, 3, {NativeInputSize}, {NativeInputSize}].", nameof(meanImageBgr));
        RegisterComponents();

        if (generator is not null)
            foreach (var (conv, _) in ConvNormPairsInExportOrder()) WeightInit.KaimingNormalFanOut(conv.Weight, generator);
    }

    /// <inheritdoc />
    public override BackboneKind Kind => BackboneKind.ResNet18Cntk;

    /// <inheritdoc />
    public override int FeatureChannels => 512;

    /// <inheritdoc />
    public override IReadOnlyList<string> StageNames => Names;

    /// <summary>The BGR mean image [1, 3, 224, 224] in 0..255 that <see cref="Preprocess"/> subtracts.</summary>
    public Tensor MeanImage => meanImage;

    /// <summary>Every (convolution, batch norm) pair in the order the CNTK export lists its Conv nodes.</summary>
    public IEnumerable<(PaddedConv2d Conv, FrozenBatchNorm2d Norm)> ConvNormPairsInExportOrder()
    {
        yield return (conv1, bn1);
        foreach (var layer in new[] { layer1, layer2, layer3, layer4 })
            foreach (var block in layer.children().Cast<CntkBasicBlock>())
                foreach (var pair in block.ConvNormPairsInExportOrder())
                    yield return pair;
    }

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

    /// <summary>
    /// RGB in [0, 1] to the export's input: channels reversed to BGR, scaled to 0..255, minus the mean image. For an
    /// input that is not 224x224 the mean image is resized to it (bilinear, antialiased when shrinking).
    /// </summary>
    public override Tensor Preprocess(Tensor rgb01)
    {
        CheckImageBatch(rgb01);
        using var scope = NewDisposeScope();
        Tensor mean = meanImage.to(rgb01.dtype, rgb01.device);
        long height = rgb01.shape[2], width = rgb01.shape[3];
        if (height != NativeInputSize || width != NativeInputSize)
            mean = nn.functional.interpolate(mean, [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        // The scale goes through KeptScalar: an implicit 255f scalar was once freed under LibTorch mid-call ("toDouble").
        return KeptScalar.Multiply(rgb01.flip(1), 255).sub_(mean).MoveToOuterDisposeScope();
    }

    private Tensor Stem(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.call(conv1.call(input)));
        Tensor pooled = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2, padding: 1);
        return PaddedConv2d.CropToAsymmetricPadding(pooled, x, 3, 2, 1, 0).MoveToOuterDisposeScope();
    }
}
