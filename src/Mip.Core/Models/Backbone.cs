using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// A convolutional feature extractor split into named stages that run one after the other: stage 0 is the stem,
/// the rest are the network's blocks (e.g. stem, layer1..layer4). <c>forward</c> takes a preprocessed batch
/// (see <see cref="Preprocess"/>) and returns the last feature map [N, <see cref="FeatureChannels"/>, h, w] before
/// pooling. Running a prefix of the stages separately lets a trainer freeze it and cache its output.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module; subclasses register their layers.</summary>
    protected Backbone(string name) : base(name)
    {
    }

    /// <summary>Which network this is.</summary>
    public abstract BackboneKind Kind { get; }

    /// <summary>Channels of the last feature map.</summary>
    public abstract int FeatureChannels { get; }

    /// <summary>Stage names in execution order; index 0 is the stem.</summary>
    public abstract IReadOnlyList<string> StageNames { get; }

    /// <summary>Number of stages, stem included.</summary>
    public int StageCount => StageNames.Count;

    /// <summary>
    /// Key prefixes of the usual pretrained state dicts that this backbone deliberately has no place for (the
    /// classifier, auxiliary heads), so loading skips them instead of reporting them as unexpected.
    /// </summary>
    public virtual IReadOnlyList<string> IgnoredStateDictPrefixes => [];

    /// <summary>The modules holding the parameters of stage <paramref name="stage"/>.</summary>
    public abstract IReadOnlyList<nn.Module> StageModules(int stage);

    /// <summary>Runs stage <paramref name="stage"/> alone on the output of the stage before it.</summary>
    public abstract Tensor ForwardStage(int stage, Tensor input);

    /// <summary>
    /// Maps the project's standard input, float RGB [N, 3, H, W] with values in [0, 1], to what the network was
    /// trained on (channel order, scale, mean and deviation).
    /// </summary>
    public abstract Tensor Preprocess(Tensor rgb01);

    /// <summary>The parameters of stage <paramref name="stage"/>.</summary>
    public IEnumerable<Parameter> StageParameters(int stage) => StageModules(stage).SelectMany(m => m.parameters());

    /// <summary>The buffers (e.g. frozen batch-norm statistics) of backbone stage <paramref name="stage"/>.</summary>
    public IEnumerable<Tensor> StageBuffers(int stage) => StageModules(stage).SelectMany(m => m.buffers());

    /// <summary>Runs stages <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) on <paramref name="input"/>.</summary>
    public Tensor ForwardStages(Tensor input, int from, int to)
    {
        if (from < 0 || to > StageCount || from > to)
            throw new ArgumentOutOfRangeException(nameof(from), $"Stage range [{from}, {to}) is outside [0, {StageCount}].");
        Tensor x = input;
        for (int stage = from; stage < to; stage++) x = ForwardStage(stage, x);
        return x;
    }

    /// <summary>Runs every stage on a preprocessed batch and returns the last feature map.</summary>
    public override Tensor forward(Tensor input) => ForwardStages(input, 0, StageCount);

    /// <summary>Throws unless <paramref name="rgb01"/> is shaped [N, 3, H, W].</summary>
    protected static void CheckImageBatch(Tensor rgb01)
    {
        if (rgb01.dim() != 4 || rgb01.shape[1] != 3)
            throw new ArgumentException(
                $"Expected an image batch shaped [N, 3, H, W], got [{string.Join(", ", rgb01.shape)}].", nameof(rgb01));
    }

    /// <summary>Returns (x - mean) / std per RGB channel.</summary>
    protected static Tensor NormalizePerChannel(Tensor rgb01, double[] mean, double[] std)
    {
        CheckImageBatch(rgb01);
        using var scope = NewDisposeScope();
        Tensor m = tensor(mean, dtype: rgb01.dtype, device: rgb01.device).view(1, 3, 1, 1);
        Tensor s = tensor(std, dtype: rgb01.dtype, device: rgb01.device).view(1, 3, 1, 1);
        return (rgb01 - m).div_(s).MoveToOuterDisposeScope();
    }
}
