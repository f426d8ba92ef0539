using System.Globalization;
using Mip.Images;
using Mip.Runtime;
using Mip.Triggers.Stego;
using static TorchSharp.torch;

namespace Mip.Triggers;

/// <summary>
/// The learned invisible trigger with a secret of each photo's own (<see cref="PhotoSecret"/>), not in the paper, whose
/// StegaStamp images all hide one string. With one string, two near-identical photos get near-identical residuals, so
/// whatever the model does to a protected copy it does to the other, and the two stay each other's nearest protected
/// neighbours (P->P). With a secret drawn from each photo's pixels the residuals differ by the whole message, which a
/// backdoored model can learn to tell apart. Everything else is <see cref="StegoTrigger"/>'s: the same encoder and
/// strength; <c>mip reveal</c> reads the photo's secret back.
/// </summary>
public sealed class PerPhotoStegoTrigger : IStrengthTrigger
{
    /// <summary>Id prefix, also the name users type.</summary>
    public const string IdPrefix = "stego-per-photo";

    /// <summary>A trigger hiding each photo's own secret with <paramref name="model"/> at <paramref name="psnr"/> dB.</summary>
    public PerPhotoStegoTrigger(StegoModel model, double psnr = StegoModel.DefaultPsnr)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        StegoModel.CheckPsnr(psnr);
        Psnr = psnr;
        Id = string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}:weights={model.Digest}:psnr={psnr:0.##}");
    }

    /// <summary>The encoder/decoder that draws the residual.</summary>
    public StegoModel Model { get; }

    /// <summary>Strength: target PSNR of the protected image in dB.</summary>
    public double Psnr { get; }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>The message bits hidden in <paramref name="image"/> [3, H, W].</summary>
    public static bool[] BitsFor(Tensor image) => SecretCodec.Encode(PhotoSecret.For(image));

    /// <inheritdoc/>
    public Tensor Apply(Tensor batch)
    {
        TriggerChecks.CheckBatch(batch);
        var messages = new bool[batch.shape[0]][];
        for (int i = 0; i < messages.Length; i++)
        {
            using Tensor row = batch[i];
            messages[i] = BitsFor(row);
        }
        return Model.Protect(batch, messages, Psnr);
    }

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        return ImageTensors.FromTensor(Apply(ImageTensors.ToTensor(image).unsqueeze(0))[0]);
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
