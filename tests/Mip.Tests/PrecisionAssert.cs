using static TorchSharp.torch;

namespace Mip.Tests;

/// <summary>
/// Compares a float32 result with its float64 reference, relative to the reference's largest value: LibTorch's float64
/// CPU kernels are its own, the float32 ones partly oneDNN's, so agreement shows the float32 path is right.
/// </summary>
internal static class PrecisionAssert
{
    public static void Close(Tensor reference, Tensor actual, string what, double tolerance = 1e-4)
    {
        double scale = reference.abs().max().item<double>();
        Assert.True(scale > 0, $"{what}: the float64 reference is all zeros");
        double error = (actual.to(float64) - reference).abs().max().item<double>() / scale;
        Assert.True(error < tolerance, $"{what}: float32 is off by {error:E2} of the largest float64 value");
    }
}
