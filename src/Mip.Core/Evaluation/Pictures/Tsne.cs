using static TorchSharp.torch;

namespace Mip.Evaluation.Pictures;

/// <summary>Settings of <see cref="Tsne"/>; the defaults are van der Maaten's (and scikit-learn's exact method).</summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours each point's Gaussian covers.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations.</summary>
    public int Iterations { get; init; } = 750;

    /// <summary>Iterations with the attraction multiplied by <see cref="Exaggeration"/>.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Early exaggeration factor.</summary>
    public double Exaggeration { get; init; } = 12;

    /// <summary>Seed of the initial layout.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton, 2008) on the CPU with torch tensors: O(N^2) memory and time, meant for the
/// few hundred points of the paper's Fig. 2, not for whole data sets. No .NET library offers t-SNE, hence this one.
/// </summary>
public static class Tsne
{
    /// <summary>A 2-D layout [N, 2] of the rows of <paramref name="points"/> [N, D].</summary>
    public static float[,] Embed(Tensor points, TsneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new TsneOptions();
        if (points.dim() != 2) throw new ArgumentException("t-SNE needs an [N, D] matrix.", nameof(points));
        int n = (int)points.shape[0];
        if (n < 4) throw new ArgumentException($"t-SNE needs at least 4 points, not {n}.", nameof(points));
        double perplexity = Math.Min(options.Perplexity, (n - 1) / 3.0);
        using var scope = NewDisposeScope();
        var x = points.to(ScalarType.Float64);
        var distances = cdist(x, x).pow(2);
        var p = Affinities(distances, perplexity);
        p = (p + p.T) / (2.0 * n);
        p = p.clamp_min(1e-12);

        var generator = new TorchSharp.torch.Generator((ulong)options.Seed);
        var y = randn([n, 2], dtype: ScalarType.Float64, generator: generator) * 1e-4;
        var velocity = zeros_like(y);
        var gains = ones_like(y);
        double learningRate = Math.Max(n / options.Exaggeration / 4, 50);
        var offDiagonal = 1.0 - eye(n, dtype: ScalarType.Float64);
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            using var step = NewDisposeScope();
            double exaggeration = iteration < options.ExaggerationIterations ? options.Exaggeration : 1;
            double momentum = iteration < options.ExaggerationIterations ? 0.5 : 0.8;
            var numerator = (1.0 / (1.0 + cdist(y, y).pow(2))) * offDiagonal;
            var q = (numerator / numerator.sum()).clamp_min(1e-12);
            var weights = (p * exaggeration - q) * numerator;
            var gradient = 4.0 * (weights.sum(1, keepdim: true) * y - weights.matmul(y));
            // Delta-bar-delta gains: grow a coordinate's step while its gradient keeps pointing the same way.
            var sameSign = (gradient > 0).eq(velocity > 0);
            gains.copy_(where(sameSign, gains * 0.8, gains + 0.2).clamp_min(0.01));
            velocity.copy_(momentum * velocity - learningRate * gains * gradient);
            y.add_(velocity);
            y.sub_(y.mean([0], keepdim: true));
        }
        var values = y.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        var layout = new float[n, 2];
        for (int i = 0; i < n; i++)
        {
            layout[i, 0] = values[2 * i];
            layout[i, 1] = values[2 * i + 1];
        }
        return layout;
    }

    // Row-wise Gaussian affinities whose entropy matches log(perplexity), found by bisection on the precision for all
    // rows at once.
    private static Tensor Affinities(Tensor distances, double perplexity)
    {
        int n = (int)distances.shape[0];
        var target = Math.Log(perplexity);
        var low = zeros([n, 1], dtype: ScalarType.Float64);
        var high = full([n, 1], double.PositiveInfinity, dtype: ScalarType.Float64);
        var beta = ones([n, 1], dtype: ScalarType.Float64);
        var mask = 1.0 - eye(n, dtype: ScalarType.Float64);
        Tensor p = null!;
        for (int round = 0; round < 64; round++)
        {
            // Shifting by the smallest off-diagonal distance keeps exp() from underflowing to all zeros.
            var shifted = distances - (distances + eye(n, dtype: ScalarType.Float64) * 1e12).min(1, keepdim: true).values;
            var unnormalised = exp(-shifted * beta) * mask;
            var sum = unnormalised.sum(1, keepdim: true);
            p = unnormalised / sum;
            var entropy = log(sum) + beta * (shifted * p).sum(1, keepdim: true);
            var tooFlat = entropy > target;
            low = where(tooFlat, beta, low);
            high = where(tooFlat, high, beta);
            beta = where(isinf(high), beta * 2, (low + high) / 2);
        }
        return p;
    }
}
