using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// A bias-free square convolution whose zero padding may be smaller after the input (bottom, right) than before it
/// (top, left), as in the CNTK export of ResNet-18 (e.g. pads [3, 3, 2, 2] for the 7x7 stride-2 stem). It convolves
/// with the leading padding on both sides and drops the extra trailing output row/column this can produce: the kept
/// outputs see exactly the same windows, so the result equals the asymmetric convolution for every input size.
/// The parameter is named <c>weight</c>, like <c>torch.nn.Conv2d</c>.
/// </summary>
public sealed class PaddedConv2d : nn.Module<Tensor, Tensor>
{
    private Parameter weight;

    /// <summary>Creates the convolution with zero weights (callers initialise or load them).</summary>
    public PaddedConv2d(long inChannels, long outChannels, int kernelSize, int stride, int padBegin, int padEnd)
        : base(nameof(PaddedConv2d))
    {
        if (padEnd > padBegin)
            throw new ArgumentException("Trailing padding larger than leading padding is not supported.", nameof(padEnd));
        KernelSize = kernelSize;
        Stride = stride;
        PadBegin = padBegin;
        PadEnd = padEnd;
        weight = (Parameter)nn.Parameter(zeros(outChannels, inChannels, kernelSize, kernelSize)).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Stride in both directions.</summary>
    public int Stride { get; }

    /// <summary>Zero rows/columns added before the input (top, left).</summary>
    public int PadBegin { get; }

    /// <summary>Zero rows/columns added after the input (bottom, right).</summary>
    public int PadEnd { get; }

    /// <summary>The kernel [out, in, k, k].</summary>
    public Parameter Weight => weight;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        Tensor output = CpuSafeConvolution.Conv2d(input, weight, null, Stride, PadBegin);
        return CropToAsymmetricPadding(output, input, KernelSize, Stride, PadBegin, PadEnd);
    }

    /// <summary>
    /// Drops the trailing rows/columns a window operation padded symmetrically by <paramref name="padBegin"/>
    /// computes beyond what padding (<paramref name="padBegin"/>, <paramref name="padEnd"/>) would give.
    /// </summary>
    internal static Tensor CropToAsymmetricPadding(Tensor output, Tensor input, int kernel, int stride, int padBegin, int padEnd)
    {
        if (padBegin == padEnd) return output;
        long height = (input.shape[2] + padBegin + padEnd - kernel) / stride + 1;
        long width = (input.shape[3] + padBegin + padEnd - kernel) / stride + 1;
        if (output.shape[2] == height && output.shape[3] == width) return output;
        using Tensor rows = output.narrow(2, 0, height);
        return rows.narrow(3, 0, width);
    }
}
