using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Learning.Miners;

/// <summary>Reads a batch's pairwise distances into a managed matrix for the miners' loops.</summary>
internal static class BatchDistances
{
    /// <summary>Squared Euclidean distances [N, N] of the detached embeddings, row-major.</summary>
    public static double[,] Squared(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor e = embeddings.detach().to(ScalarType.Float64).cpu();
        Tensor d = KeptScalar.ClampMin(e.square().sum(1, keepdim: true) + e.square().sum(1).unsqueeze(0) - KeptScalar.Multiply(e.matmul(e.t()), 2), 0).contiguous();
        int n = (int)d.shape[0];
        var values = d.data<double>().ToArray();
        var result = new double[n, n];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }
}
