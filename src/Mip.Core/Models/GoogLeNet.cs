using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// Inception-V1 as torchvision builds it (<c>googlenet</c>), without its classifier and auxiliary heads: 1024
/// channels at 1/32 of the input size. Parameter names are torchvision's (conv1.conv.weight,
/// inception4e.branch3.1.bn.running_mean, ...); state-dict keys under <c>fc.</c>, <c>aux1.</c> and <c>aux2.</c> are
/// skipped. Stages: stem (conv1, max-pool, conv2, conv3, max-pool), inception3 (3a, 3b, max-pool),
/// inception4 (4a..4e, max-pool), inception5 (5a, 5b). All max-pools round up (ceil mode) like torchvision's.
/// </summary>
public sealed class GoogLeNet : Backbone
{
    private static readonly string[] Names = ["stem", "inception3", "inception4", "inception5"];

    private BasicConv2d conv1;
    private BasicConv2d conv2;
    private BasicConv2d conv3;
    private InceptionBlock inception3a;
    private InceptionBlock inception3b;
    private InceptionBlock inception4a;
    private InceptionBlock inception4b;
    private InceptionBlock inception4c;
    private InceptionBlock inception4d;
    private InceptionBlock inception4e;
    private InceptionBlock inception5a;
    private InceptionBlock inception5b;

    /// <summary>
    /// Creates the network with random convolution weights drawn from <paramref name="generator"/>: He-normal
    /// (fan-out) rather than torchvision's truncated normal with std 0.01, because that one relies on batch statistics
    /// to restore the activation scale, and here batch norm is frozen at identity until weights are loaded.
    /// </summary>
    public GoogLeNet(Generator generator) : base(nameof(GoogLeNet))
    {
        conv1 = new BasicConv2d(3, 64, 7, stride: 2, padding: 3);
        conv2 = new BasicConv2d(64, 64, 1);
        conv3 = new BasicConv2d(64, 192, 3, padding: 1);
        inception3a = new InceptionBlock(192, 64, 96, 128, 16, 32, 32);
        inception3b = new InceptionBlock(256, 128, 128, 192, 32, 96, 64);
        inception4a = new InceptionBlock(480, 192, 96, 208, 16, 48, 64);
        inception4b = new InceptionBlock(512, 160, 112, 224, 24, 64, 64);
        inception4c = new InceptionBlock(512, 128, 128, 256, 24, 64, 64);
        inception4d = new InceptionBlock(512, 112, 144, 288, 32, 64, 64);
        inception4e = new InceptionBlock(528, 256, 160, 320, 32, 128, 128);
        inception5a = new InceptionBlock(832, 256, 160, 320, 32, 128, 128);
        inception5b = new InceptionBlock(832, 384, 192, 384, 48, 128, 128);
        RegisterComponents();

        foreach (var unit in modules().OfType<BasicConv2d>())
            WeightInit.KaimingNormalFanOut(unit.Convolution.weight, generator);
    }

    /// <inheritdoc />
    public override BackboneKind Kind => BackboneKind.InceptionV1;

    /// <inheritdoc />
    public override int FeatureChannels => 1024;

    /// <inheritdoc />
    public override IReadOnlyList<string> StageNames => Names;

    /// <inheritdoc />
    public override IReadOnlyList<string> IgnoredStateDictPrefixes => ["fc.", "aux1.", "aux2."];

    /// <inheritdoc />
    public override IReadOnlyList<nn.Module> StageModules(int stage) => stage switch
    {
        0 => [conv1, conv2, conv3],
        1 => [inception3a, inception3b],
        2 => [inception4a, inception4b, inception4c, inception4d, inception4e],
        3 => [inception5a, inception5b],
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <inheritdoc />
    public override Tensor ForwardStage(int stage, Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        switch (stage)
        {
            case 0:
                x = Pool(conv1.call(x), 3);
                x = Pool(conv3.call(conv2.call(x)), 3);
                break;
            case 1:
                x = Pool(inception3b.call(inception3a.call(x)), 3);
                break;
            case 2:
                foreach (var block in new[] { inception4a, inception4b, inception4c, inception4d, inception4e }) x = block.call(x);
                x = Pool(x, 2);
                break;
            case 3:
                x = inception5b.call(inception5a.call(x));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(stage));
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Maps RGB in [0, 1] to [-1, 1]. This is what torchvision's pretrained GoogLeNet sees: it is built with
    /// <c>transform_input=True</c>, which turns the ImageNet-normalised input back into (x - 0.5) / 0.5; this module
    /// has no such step (transform_input=False) and normalises to the same values directly.
    /// </summary>
    public override Tensor Preprocess(Tensor rgb01) => NormalizePerChannel(rgb01, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);

    private static Tensor Pool(Tensor x, int kernel) =>
        nn.functional.max_pool2d(x, kernel_size: kernel, stride: 2, ceil_mode: true);
}
