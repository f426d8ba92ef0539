using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Tests.Evaluation;

/// <summary>Builds small embedding tensors for the evaluation tests.</summary>
internal static class Points
{
    /// <summary>An [N, 2] tensor of points (x, 0) on a line, so squared distances are easy to work out by hand.</summary>
    public static Tensor OnLine(params double[] xs)
    {
        TorchRuntime.EnsureLoaded();
        var values = new float[xs.Length * 2];
        for (int i = 0; i < xs.Length; i++) values[2 * i] = (float)xs[i];
        return tensor(values, [xs.Length, 2]).clone();
    }

    /// <summary>An [N, D] tensor from row-major values.</summary>
    public static Tensor Rows(int columns, params float[] values)
    {
        TorchRuntime.EnsureLoaded();
        return tensor(values, [values.Length / columns, columns]).clone();
    }

    /// <summary>Seeded standard-normal [N, D] rows, L2-normalised.</summary>
    public static Tensor RandomNormalised(int n, int d, int seed)
    {
        TorchRuntime.EnsureLoaded();
        var random = new Random(seed);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        using var raw = tensor(values, [n, d]);
        return nn.functional.normalize(raw, p: 2, dim: 1);
    }

    /// <summary>Seeded [N, D] rows with coordinates in {-1, 0, 1}: squared distances are small exact integers, so many tie.</summary>
    public static (Tensor Tensor, float[] Values) Grid(int n, int d, int seed)
    {
        TorchRuntime.EnsureLoaded();
        var random = new Random(seed);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = random.Next(3) - 1;
        return (tensor(values, [n, d]).clone(), values);
    }
}
