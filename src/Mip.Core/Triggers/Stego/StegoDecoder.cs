using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// Reads the hidden message from a whole image of any size. The (downscaled) image goes two ways: a small
/// convolutional network that learns to suppress the photo and keep the pattern, and a fixed high-pass (the image
/// minus its 3×3 local mean) that passes the pattern as it is. Both maps are averaged over every repetition of the
/// message tile (<see cref="PeriodicTiling.Fold"/>) and a linear layer reads one logit per bit.
/// </summary>
/// <remarks>
/// The high-pass path lets training start from a decoder that already works: <see cref="TieToEncoder"/> sets its
/// read-out to the encoder's own patterns, a matched filter, so the pair never sits at chance level waiting for the
/// two random networks to agree on a code (the failure reported for StegaStamp ports).
/// </remarks>
public sealed class StegoDecoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear readout;
    private readonly int _downscale;
    private readonly int _tileSize;
    private readonly int _learnedFeatures;

    /// <summary>Builds an untrained decoder of the given shape (weights from the global torch seed).</summary>
    public StegoDecoder(StegoArchitecture architecture) : base(nameof(StegoDecoder))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        _downscale = architecture.Downscale;
        _tileSize = architecture.TileSize;
        _learnedFeatures = architecture.DecoderFeatures;
        // 3×3 convolutions all have a multiple of 16 outputs and the narrow output layer is 1×1: on this machine's
        // LibTorch (oneDNN, AVX-512) the input gradient of a 3×3 convolution with 1-12 or 24 outputs came out wrong
        // (often NaN), which silently broke training of every layer below it (bench/conv-gradients).
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = architecture.DecoderChannels;
        for (int i = 0; i < architecture.DecoderLayers; i++)
        {
            layers.Add(($"conv{i}", nn.Conv2d(i == 0 ? 3 : channels, channels, 3, padding: 1)));
            layers.Add(($"relu{i}", nn.ReLU()));
        }
        layers.Add(("out", nn.Conv2d(channels, architecture.DecoderFeatures, 1)));
        features = nn.Sequential(layers);
        readout = nn.Linear((long)(architecture.DecoderFeatures + 3) * _tileSize * _tileSize, architecture.MessageBits);
        RegisterComponents();
    }

    /// <summary>One logit per message bit, [N, L], for images [N, 3, H, W] in [0, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor padded = StegoEncoder.PadToMultiple(images, _downscale);
        Tensor small = _downscale == 1 ? padded : nn.functional.avg_pool2d(padded, _downscale);
        Tensor learned = features.call(small - 0.5);
        Tensor highPass = small - nn.functional.avg_pool2d(nn.functional.pad(small, [1, 1, 1, 1], PaddingModes.Replicate), 3, 1);
        Tensor folded = PeriodicTiling.Fold(cat([learned, highPass], 1), _tileSize);
        return readout.call(folded.flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sets the read-out of the high-pass path to <paramref name="scale"/> × the encoder's pattern weights
    /// (a matched filter) and zeroes the read-out of the learned path and the bias.
    /// </summary>
    public void TieToEncoder(StegoEncoder encoder, double scale)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        using var noGrad = no_grad();
        Tensor pattern = encoder.PatternWeight; // [P·T·T, L]
        long tileArea = (long)_tileSize * _tileSize;
        long patternChannels = pattern.shape[0] / tileArea;
        readout.weight!.zero_();
        // Each high-pass channel sees the pattern (a grey pattern appears in all three channels).
        for (int c = 0; c < 3; c++)
        {
            long source = patternChannels == 1 ? 0 : c;
            int start = (int)((_learnedFeatures + c) * tileArea);
            readout.weight![.., start..(int)(start + tileArea)].copy_(pattern[(int)(source * tileArea)..(int)((source + 1) * tileArea), ..].t() * scale);
        }
        readout.bias!.zero_();
    }
}
