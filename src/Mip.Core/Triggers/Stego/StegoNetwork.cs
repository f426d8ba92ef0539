using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>The encoder and decoder trained together; one checkpoint holds both.</summary>
public sealed class StegoNetwork : nn.Module
{
    private readonly StegoEncoder encoder;
    private readonly StegoDecoder decoder;

    /// <summary>Builds an untrained pair of the given shape (weights from the global torch seed).</summary>
    public StegoNetwork(StegoArchitecture architecture) : base(nameof(StegoNetwork))
    {
        Architecture = architecture ?? throw new ArgumentNullException(nameof(architecture));
        encoder = new StegoEncoder(architecture);
        decoder = new StegoDecoder(architecture);
        RegisterComponents();
    }

    /// <summary>The shape the network was built with.</summary>
    public StegoArchitecture Architecture { get; }

    /// <summary>The residual drawer.</summary>
    public StegoEncoder Encoder => encoder;

    /// <summary>The message reader.</summary>
    public StegoDecoder Decoder => decoder;

    /// <summary>Protected images: <paramref name="images"/> plus the residual, clamped to [0, 1] (not rounded).</summary>
    public Tensor Embed(Tensor images, Tensor bits, Tensor targetRms)
    {
        using var scope = NewDisposeScope();
        return (images + encoder.Residual(images, bits, targetRms)).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
