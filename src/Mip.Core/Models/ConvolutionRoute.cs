namespace Mip.Models;

/// <summary>
/// How <see cref="CpuSafeConvolution"/> computes a convolution of <see cref="InChannels"/> to <see cref="OutChannels"/>
/// channels: with the channel counts zero-padded to <see cref="PaddedInChannels"/> and <see cref="PaddedOutChannels"/>,
/// and, for a strided 1x1 kernel, on a subsample of the input with stride 1.
/// </summary>
public readonly record struct ConvolutionRoute(long InChannels, long OutChannels, long PaddedInChannels, long PaddedOutChannels, bool Subsample)
{
    /// <summary>True when LibTorch computes the convolution as asked (its float32 CPU path is right for the shape).</summary>
    public bool IsDirect => !Subsample && PaddedInChannels == InChannels && PaddedOutChannels == OutChannels;
}
