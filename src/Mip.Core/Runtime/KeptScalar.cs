using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Runtime;

/// <summary>
/// Arithmetic between a tensor and a number that keeps the number's native scalar alive until LibTorch is done with it.
/// TorchSharp 0.107 turns a C# number into a <see cref="Scalar"/> (a finalizable native handle) and keeps no reference
/// to it once the handle has been read, so a garbage collection during the native call may finalize it and free the
/// scalar under LibTorch (seen once in a benchmark's training run: "Unknown scalar type" from pow). The training
/// loop's per-batch arithmetic goes through these methods, each of which holds its scalar until the call has returned.
/// Results are the same, bit for bit, as with the implicit conversion.
/// </summary>
public static class KeptScalar
{
    /// <summary><paramref name="tensor"/> + <paramref name="value"/>.</summary>
    public static Tensor Add(Tensor tensor, double value) => With(value, scalar => tensor.add(scalar));

    /// <summary><paramref name="tensor"/> x <paramref name="value"/>.</summary>
    public static Tensor Multiply(Tensor tensor, double value) => With(value, scalar => tensor.mul(scalar));

    /// <summary><paramref name="tensor"/> / <paramref name="value"/>.</summary>
    public static Tensor Divide(Tensor tensor, double value) => With(value, scalar => tensor.div(scalar));

    /// <summary>max(<paramref name="tensor"/>, <paramref name="value"/>), element-wise.</summary>
    public static Tensor ClampMin(Tensor tensor, double value) => With(value, scalar => tensor.clamp_min(scalar));

    /// <summary>
    /// Runs <paramref name="operation"/>, a TorchSharp call that takes numbers it turns into scalars of its own (so they
    /// cannot be held as the methods above hold theirs), with the garbage collector paused, so nothing is finalized
    /// before it returns. Where the pause cannot be had (one is already running) the call runs as it is.
    /// </summary>
    public static T WithoutCollection<T>(Func<T> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        bool paused = false;
        // Another thread's pause already holds every collection off; a budget the runtime cannot give runs unpaused.
        try { paused = GC.TryStartNoGCRegion(NoCollectionBudgetBytes); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException) { }
        try { return operation(); }
        finally
        {
            // The pause ends by itself if another thread allocated past the budget; then there is nothing to end.
            if (paused && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
                try { GC.EndNoGCRegion(); } catch (InvalidOperationException) { }
        }
    }

    // Ample for the managed objects of a forward pass or of marking one photo (its pixels included).
    private const long NoCollectionBudgetBytes = 64L << 20;

    // The using holds the scalar, so nothing can finalize it before the operation has returned.
    private static Tensor With(double value, Func<Scalar, Tensor> operation)
    {
        using var scalar = value.ToScalar();
        return operation(scalar);
    }
}
