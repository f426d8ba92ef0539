using System.Globalization;
using Mip.Images;
using Mip.Triggers.Stego;
using static TorchSharp.torch;

namespace Mip.Triggers;

/// <summary>
/// The learned invisible trigger (the role StegaStamp plays in the paper): hides <see cref="Secret"/> in the image as
/// a faint residual drawn by a <see cref="StegoModel"/>, at the strength <see cref="Psnr"/> (dB).
/// </summary>
public sealed class StegoTrigger : IStrengthTrigger
{
    /// <summary>The secret hidden when none is given.</summary>
    public const string DefaultSecret = "mip";

    /// <summary>Id prefix.</summary>
    public const string IdPrefix = "stego";

    private readonly bool[] _bits;

    /// <summary>A trigger hiding <paramref name="secret"/> with <paramref name="model"/> at <paramref name="psnr"/> dB.</summary>
    /// <exception cref="StegoSecretException">The secret cannot be hidden.</exception>
    public StegoTrigger(StegoModel model, string secret = DefaultSecret, double psnr = StegoModel.DefaultPsnr)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        StegoModel.CheckPsnr(psnr);
        _bits = SecretCodec.Encode(secret);
        Secret = secret;
        Psnr = psnr;
        Id = string.Create(CultureInfo.InvariantCulture,
            $"{IdPrefix}:weights={model.Digest}:secret={Uri.EscapeDataString(secret)}:psnr={psnr:0.##}");
    }

    /// <summary>The encoder/decoder that draws the residual.</summary>
    public StegoModel Model { get; }

    /// <summary>The hidden text.</summary>
    public string Secret { get; }

    /// <summary>Strength: target PSNR of the protected image in dB.</summary>
    public double Psnr { get; }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor batch)
    {
        TriggerChecks.CheckBatch(batch);
        return Model.Protect(batch, _bits, Psnr);
    }

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage image) => Model.Protect(image, _bits, Psnr);

    /// <inheritdoc/>
    public override string ToString() => Id;
}
