using static TorchSharp.torch;

namespace Mip.Triggers;

internal static class TriggerChecks
{
    public static void CheckBatch(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 4 || batch.shape[1] != 3 || batch.shape[2] <= 0 || batch.shape[3] <= 0)
            throw new ArgumentException($"A trigger needs a float RGB batch [N, 3, H, W], got [{string.Join(", ", batch.shape)}].", nameof(batch));
        if (!batch.is_floating_point())
            throw new ArgumentException($"A trigger needs float values in [0, 1], got {batch.dtype}.", nameof(batch));
    }
}
