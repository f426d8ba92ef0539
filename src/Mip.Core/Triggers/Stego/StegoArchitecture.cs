namespace Mip.Triggers.Stego;

/// <summary>
/// The shape of a <see cref="StegoNetwork"/>: what must be known to rebuild it before loading weights. Stored in the
/// checkpoint's hyperparameters.
/// </summary>
public sealed record StegoArchitecture
{
    /// <summary>The architecture the shipped weights use.</summary>
    public static StegoArchitecture Default { get; } = new();

    /// <summary>Name recorded as the checkpoint's backbone.</summary>
    public const string Name = "mip-stego-tiled-v1";

    /// <summary>Message bits carried (the <see cref="SecretCodec"/> codeword length).</summary>
    public int MessageBits { get; init; } = SecretCodec.BitCount;

    /// <summary>
    /// Both networks work at 1/<see cref="Downscale"/> of the image resolution: the residual is drawn there and
    /// upsampled, which keeps it smooth (kinder to SSIM and to JPEG) and the networks cheap.
    /// </summary>
    public int Downscale { get; init; } = 4;

    /// <summary>Side of the periodic message tile, in downscaled pixels (the period in image pixels is this × <see cref="Downscale"/>).</summary>
    public int TileSize { get; init; } = 16;

    /// <summary>
    /// Channels of the message tile: 1 draws one grey pattern that the per-channel gains colour (JPEG keeps luminance
    /// far better than its subsampled, coarsely quantised chroma); 3 draws an independent pattern per channel.
    /// </summary>
    public int PatternChannels { get; init; } = 1;

    /// <summary>Channels of the encoder's gain network (a multiple of 16).</summary>
    public int EncoderChannels { get; init; } = 16;

    /// <summary>3×3 convolution layers of the encoder's gain network (a 1×1 output layer follows).</summary>
    public int EncoderLayers { get; init; } = 3;

    /// <summary>Channels of the decoder's convolution layers (a multiple of 16).</summary>
    public int DecoderChannels { get; init; } = 16;

    /// <summary>3×3 convolution layers of the decoder (a 1×1 feature layer follows, before folding).</summary>
    public int DecoderLayers { get; init; } = 3;

    /// <summary>Learned feature channels the decoder folds onto the tile (beside its 3 high-pass channels) before the read-out.</summary>
    public int DecoderFeatures { get; init; } = 8;

    /// <summary>Throws <see cref="ArgumentException"/> when a value cannot build a working network.</summary>
    public void Validate()
    {
        if (PatternChannels is not (1 or 3))
            throw new ArgumentException($"The message pattern has 1 or 3 channels, not {PatternChannels}.");
        if (MessageBits < 1 || Downscale < 1 || TileSize < 1 || EncoderLayers < 1 || DecoderLayers < 1 || DecoderFeatures < 1)
            throw new ArgumentException($"Every stego architecture value must be positive: {this}.");
        if (EncoderChannels % 16 != 0 || DecoderChannels % 16 != 0)
            throw new ArgumentException(
                $"Stego convolution layers need a multiple of 16 channels, not {EncoderChannels} and {DecoderChannels}: " +
                "LibTorch's CPU kernels on this machine computed wrong input gradients for 3x3 convolutions with other widths.");
    }

    /// <summary>The values as text, for checkpoint hyperparameters.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        ["arch.messageBits"] = MessageBits.ToString(),
        ["arch.downscale"] = Downscale.ToString(),
        ["arch.tileSize"] = TileSize.ToString(),
        ["arch.patternChannels"] = PatternChannels.ToString(),
        ["arch.encoderChannels"] = EncoderChannels.ToString(),
        ["arch.encoderLayers"] = EncoderLayers.ToString(),
        ["arch.decoderChannels"] = DecoderChannels.ToString(),
        ["arch.decoderLayers"] = DecoderLayers.ToString(),
        ["arch.decoderFeatures"] = DecoderFeatures.ToString(),
    };

    /// <summary>Reads the values written by <see cref="ToDictionary"/>; missing keys keep their defaults.</summary>
    /// <exception cref="FormatException">A value is not a positive integer.</exception>
    public static StegoArchitecture FromDictionary(IReadOnlyDictionary<string, string> values)
    {
        int Get(string key, int fallback)
        {
            if (!values.TryGetValue(key, out var text)) return fallback;
            return int.TryParse(text, out int v) && v > 0 ? v : throw new FormatException($"'{key}' = '{text}' is not a positive integer.");
        }
        var d = Default;
        return new StegoArchitecture
        {
            MessageBits = Get("arch.messageBits", d.MessageBits),
            Downscale = Get("arch.downscale", d.Downscale),
            TileSize = Get("arch.tileSize", d.TileSize),
            PatternChannels = Get("arch.patternChannels", d.PatternChannels),
            EncoderChannels = Get("arch.encoderChannels", d.EncoderChannels),
            EncoderLayers = Get("arch.encoderLayers", d.EncoderLayers),
            DecoderChannels = Get("arch.decoderChannels", d.DecoderChannels),
            DecoderLayers = Get("arch.decoderLayers", d.DecoderLayers),
            DecoderFeatures = Get("arch.decoderFeatures", d.DecoderFeatures),
        };
    }
}
