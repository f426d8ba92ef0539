using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// Batch normalisation that always normalises with its stored running statistics, in training mode too, while its
/// affine scale and shift stay trainable. The paper's code fine-tunes its backbones this way ("frozen BN"): with the
/// small batches of metric learning, batch statistics would be noisy and would drift from the pretrained ones.
/// Parameter and buffer names match <c>torch.nn.BatchNorm2d</c>, so PyTorch state dicts load by name.
/// </summary>
public sealed class FrozenBatchNorm2d : nn.Module<Tensor, Tensor>
{
    private Parameter weight;
    private Parameter bias;
    [ComponentName(Name = "running_mean")] private Tensor runningMean;
    [ComponentName(Name = "running_var")] private Tensor runningVar;
    // Kept only so state dicts have the same keys as PyTorch's BatchNorm2d; it never changes here.
    [ComponentName(Name = "num_batches_tracked")] private Tensor numBatchesTracked;

    /// <summary>Creates the identity normalisation (mean 0, variance 1, scale 1, shift 0) over <paramref name="features"/> channels.</summary>
    public FrozenBatchNorm2d(long features, double eps = 1e-5) : base(nameof(FrozenBatchNorm2d))
    {
        Features = features;
        Eps = eps;
        // Detached so that building the module inside a dispose scope does not free its state with the scope.
        weight = (Parameter)nn.Parameter(ones(features)).DetachFromDisposeScope();
        bias = (Parameter)nn.Parameter(zeros(features)).DetachFromDisposeScope();
        runningMean = zeros(features).DetachFromDisposeScope();
        runningVar = ones(features).DetachFromDisposeScope();
        numBatchesTracked = tensor(0L).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Number of channels.</summary>
    public long Features { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; set; }

    /// <summary>Trainable per-channel scale (gamma).</summary>
    public Parameter Scale => weight;

    /// <summary>Trainable per-channel shift (beta).</summary>
    public Parameter Shift => bias;

    /// <summary>The fixed per-channel mean.</summary>
    public Tensor RunningMean => runningMean;

    /// <summary>The fixed per-channel variance.</summary>
    public Tensor RunningVariance => runningVar;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, runningMean, runningVar, weight, bias, training: false, momentum: 0, eps: Eps);
}
