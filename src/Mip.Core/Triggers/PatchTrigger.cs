using Mip.Images;
using static TorchSharp.torch;

namespace Mip.Triggers;

/// <summary>
/// Blends white into the <see cref="CornerPatch"/> with weight <see cref="Weight"/>: value' = (1 − w)·value + w·255,
/// rounded to the nearest level, and leaves every other pixel alone.
/// </summary>
public abstract class PatchTrigger : ITrigger
{
    private protected PatchTrigger(double weight)
    {
        if (!(weight > 0 && weight <= 1)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The patch weight must be in (0, 1].");
        Weight = weight;
    }

    /// <summary>Weight of white inside the patch (1 = solid white).</summary>
    public double Weight { get; }

    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor batch)
    {
        TriggerChecks.CheckBatch(batch);
        var patch = CornerPatch.For((int)batch.shape[3], (int)batch.shape[2]);
        using var scope = NewDisposeScope();
        Tensor result = batch.clone();
        Tensor region = result[.., .., patch.Y..(patch.Y + patch.Height), patch.X..(patch.X + patch.Width)];
        Tensor blended = ((region * 255 * (1 - Weight)) + 255 * Weight).round().clamp(0, 255) / 255;
        region.copy_(blended);
        return result.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var patch = CornerPatch.For(image.Width, image.Height);
        var result = image.Clone();
        var lookup = new byte[256];
        for (int v = 0; v < 256; v++)
            lookup[v] = (byte)Math.Clamp(Math.Round(v * (1 - Weight) + 255 * Weight, MidpointRounding.ToEven), 0, 255);
        byte[] pixels = result.Pixels;
        for (int y = patch.Y; y < patch.Y + patch.Height; y++)
        {
            int start = (y * image.Width + patch.X) * 3;
            for (int i = start; i < start + patch.Width * 3; i++) pixels[i] = lookup[pixels[i]];
        }
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
