using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// 2-D convolution that steers LibTorch 2.10's float32 CPU path (oneDNN 3.7.1) around the cases it gets wrong on this
/// project's machines (AMD EPYC virtual machines that report no cache sizes; bench/conv-gradients maps them), by
/// computing the same convolution in a form that path gets right:
/// <list type="bullet">
/// <item>kernels larger than 1x1 over more than 16 input channels that are not a multiple of 16 give wrong outputs, and
/// with stride 2 an odd multiple of 16 (48, 80, ...) gives wrong input gradients: the input channels are zero-padded to
/// a multiple of 16, or of 32 for strided kernels (zero channels with zero weights add nothing);</item>
/// <item>kernels larger than 1x1 with an output count that is not a multiple of 16 give wrong input gradients: the
/// output channels are padded with zero filters and cut off again, when the input needs a gradient;</item>
/// <item>strided 1x1 kernels with many channels (ResNet-50's 512->1024 and 1024->2048 shortcuts) kill the process with
/// SIGFPE in the input gradient: the input is subsampled first and convolved with stride 1, which is the same
/// computation.</item>
/// </list>
/// Other devices and types go to LibTorch unchanged, and so does every convolution outside those cases.
/// </summary>
public static class CpuSafeConvolution
{
    private const long Block = 16;

    /// <summary>Runs <paramref name="convolution"/> on <paramref name="input"/> (square stride and padding, no groups or dilation).</summary>
    public static Tensor Forward(Conv2d convolution, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        // Padding given as "same"/"valid" leaves the explicit padding unset; such layers go to LibTorch as they are.
        bool plain = convolution is { groups: 1, transposed: false, padding_mode: PaddingModes.Zeros, weight: not null } &&
                     convolution.dilation is [1, 1] && convolution.stride is [var sy, var sx] && sy == sx &&
                     convolution.padding is [var py, var px] && py == px;
        return plain
            ? Conv2d(input, convolution.weight!, convolution.bias, convolution.stride[0], convolution.padding![0])
            : convolution.call(input);
    }

    /// <summary>
    /// How a float32 CPU convolution of this shape is computed: the channel counts it runs with and whether a strided
    /// 1x1 kernel becomes a subsample and a stride-1 kernel. <see cref="ConvolutionRoute.IsDirect"/> means LibTorch
    /// computes it as asked, which is right for the shape.
    /// </summary>
    public static ConvolutionRoute Route(long inChannels, long outChannels, long kernelHeight, long kernelWidth, long stride, long padding,
        bool inputNeedsGradient)
    {
        if (kernelHeight == 1 && kernelWidth == 1)
            return new ConvolutionRoute(inChannels, outChannels, inChannels, outChannels, Subsample: stride > 1 && padding == 0);
        long inMultiple = stride > 1 ? 2 * Block : Block;
        long paddedIn = inChannels > Block && inChannels % inMultiple != 0 ? RoundUp(inChannels, inMultiple) : inChannels;
        long paddedOut = inputNeedsGradient && outChannels % Block != 0 ? RoundUp(outChannels, Block) : outChannels;
        return new ConvolutionRoute(inChannels, outChannels, paddedIn, paddedOut, Subsample: false);
    }

    /// <summary>Convolves <paramref name="input"/> [N, C, H, W] with <paramref name="weight"/> [O, C, kH, kW].</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, long padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.device_type != DeviceType.CPU || input.dtype != ScalarType.Float32)
            return Direct(input, weight, bias, stride, padding);

        long inChannels = weight.shape[1], outChannels = weight.shape[0];
        var route = Route(inChannels, outChannels, weight.shape[2], weight.shape[3], stride, padding, is_grad_enabled() && input.requires_grad);
        if (route.IsDirect) return Direct(input, weight, bias, stride, padding);

        using var scope = NewDisposeScope();
        if (route.Subsample)
        {
            Tensor sampled = input[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(step: stride), TensorIndex.Slice(step: stride)];
            return Direct(sampled, weight, bias, 1, 0).MoveToOuterDisposeScope();
        }
        Tensor x = input, w = weight;
        Tensor? b = bias;
        if (route.PaddedInChannels != inChannels)
        {
            x = nn.functional.pad(x, [0, 0, 0, 0, 0, route.PaddedInChannels - inChannels]);
            w = nn.functional.pad(w, [0, 0, 0, 0, 0, route.PaddedInChannels - inChannels]);
        }
        if (route.PaddedOutChannels != outChannels)
        {
            w = nn.functional.pad(w, [0, 0, 0, 0, 0, 0, 0, route.PaddedOutChannels - outChannels]);
            if (b is not null) b = nn.functional.pad(b, [0, route.PaddedOutChannels - outChannels]);
        }
        Tensor output = Direct(x, w, b, stride, padding);
        if (route.PaddedOutChannels != outChannels) output = output.narrow(1, 0, outChannels);
        return output.MoveToOuterDisposeScope();
    }

    private static Tensor Direct(Tensor input, Tensor weight, Tensor? bias, long stride, long padding) =>
        nn.functional.conv2d(input, weight, bias, strides: [stride, stride], padding: [padding, padding]);

    private static long RoundUp(long channels, long multiple) => (channels + multiple - 1) / multiple * multiple;
}

