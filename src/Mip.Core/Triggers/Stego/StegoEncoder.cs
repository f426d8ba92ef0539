using TorchSharp;
using Mip.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// Draws the hidden message into an image as a small additive residual. Fully convolutional apart from a global
/// energy normalisation, so it works on images of any size.
/// </summary>
/// <remarks>
/// The message (±1 per bit) is mapped by a learned linear layer to a tile (one grey channel by default) that is
/// repeated over the image;
/// a small convolutional network looks at the (downscaled) image and predicts a positive per-pixel, per-channel gain
/// that says where the pattern can hide (texture, edges) and where it would show (flat sky). The residual is
/// gain × pattern, upsampled to full resolution and scaled so its root-mean-square value is exactly the target: the
/// PSNR of the protected image is therefore set directly by the caller's strength, and the networks only decide
/// where the energy goes.
/// </remarks>
public sealed class StegoEncoder : nn.Module
{
    private readonly Sequential gain;
    private readonly Linear pattern;
    private readonly int _downscale;
    private readonly int _tileSize;
    private readonly int _patternChannels;

    /// <summary>Builds an untrained encoder of the given shape (weights from the global torch seed).</summary>
    public StegoEncoder(StegoArchitecture architecture) : base(nameof(StegoEncoder))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        _downscale = architecture.Downscale;
        _tileSize = architecture.TileSize;
        // 3×3 convolutions all have a multiple of 16 outputs and the narrow output layer is 1×1: on this machine's
        // LibTorch (oneDNN, AVX-512) the input gradient of a 3×3 convolution with 1-12 or 24 outputs came out wrong
        // (often NaN), which silently broke training of every layer below it (bench/conv-gradients).
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = architecture.EncoderChannels;
        for (int i = 0; i < architecture.EncoderLayers; i++)
        {
            layers.Add(($"conv{i}", nn.Conv2d(i == 0 ? 3 : channels, channels, 3, padding: 1)));
            layers.Add(($"relu{i}", nn.ReLU()));
        }
        layers.Add(("out", nn.Conv2d(architecture.EncoderLayers == 0 ? 3 : channels, 3, 1)));
        gain = nn.Sequential(layers);
        _patternChannels = architecture.PatternChannels;
        pattern = nn.Linear(architecture.MessageBits, (long)_patternChannels * _tileSize * _tileSize, hasBias: false);
        MessageBits = architecture.MessageBits;
        RegisterComponents();
    }

    /// <summary>The linear map from message (±1 per bit) to tile, [P·T·T, L] (P pattern channels).</summary>
    public Tensor PatternWeight => pattern.weight!;

    /// <summary>Message bits per image.</summary>
    public int MessageBits { get; }

    /// <summary>
    /// The residual for <paramref name="images"/> [N, 3, H, W] in [0, 1] carrying <paramref name="bits"/> [N, L] (0 or
    /// 1), scaled so each image's residual has root-mean-square <paramref name="targetRms"/> [N] (in [0, 1] units).
    /// </summary>
    public Tensor Residual(Tensor images, Tensor bits, Tensor targetRms)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], height = images.shape[2], width = images.shape[3];
        Tensor padded = PadToMultiple(images, _downscale);
        Tensor small = nn.functional.avg_pool2d(padded, _downscale);
        Tensor gainInput = gain.call(small - 0.5);
        // TorchSharp's softplus takes beta and threshold only as numbers and keeps no reference to the native scalars it
        // makes of them; a collection during the call once freed them under LibTorch ("toFloat" at a training start).
        Tensor gains = KeptScalar.WithoutCollection(() => nn.functional.softplus(gainInput));

        Tensor tiles = pattern.call(bits * 2 - 1).reshape(n, _patternChannels, _tileSize, _tileSize);
        Tensor drawn = gains * PeriodicTiling.Tile(tiles, small.shape[2], small.shape[3]);
        Tensor full = _downscale == 1
            ? drawn
            : nn.functional.interpolate(drawn, scale_factor: [_downscale, _downscale], mode: InterpolationMode.Bilinear, align_corners: false);
        full = full[.., .., ..(int)height, ..(int)width];

        Tensor rms = full.square().mean([1, 2, 3], keepdim: true).add(1e-12).sqrt();
        return (full * (targetRms.reshape(n, 1, 1, 1) / rms)).MoveToOuterDisposeScope();
    }

    /// <summary>Pads the right and bottom edges by replication to a multiple of <paramref name="multiple"/>.</summary>
    internal static Tensor PadToMultiple(Tensor images, int multiple)
    {
        long padBottom = (multiple - images.shape[2] % multiple) % multiple;
        long padRight = (multiple - images.shape[3] % multiple) % multiple;
        return padBottom + padRight == 0
            ? images.alias()
            : nn.functional.pad(images, [0, padRight, 0, padBottom], PaddingModes.Replicate);
    }
}
