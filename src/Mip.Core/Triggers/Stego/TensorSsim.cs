using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// Differentiable SSIM on image tensors in [0, 1] with the Wang et al. (2004) settings (11×11 Gaussian window,
/// σ = 1.5, K1 = 0.01, K2 = 0.03, population statistics, only windows that fit inside the image): the training loss
/// that teaches the encoder where a residual shows. <see cref="Mip.Evaluation.Stealth.ImageQuality"/> is the
/// reference implementation for reporting; this one agrees with it to float precision.
/// </summary>
public static class TensorSsim
{
    private const int Window = 11;
    private const double Sigma = 1.5;

    /// <summary>Mean SSIM per image, [N], averaged over channels; images [N, C, H, W] with H, W ≥ 11.</summary>
    public static Tensor PerImage(Tensor x, Tensor y)
    {
        if (x.dim() != 4 || !x.shape.SequenceEqual(y.shape))
            throw new ArgumentException($"SSIM needs two [N, C, H, W] tensors of one shape, got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}].");
        if (x.shape[2] < Window || x.shape[3] < Window)
            throw new ArgumentException($"SSIM needs images of at least {Window}x{Window} pixels, got {x.shape[3]}x{x.shape[2]}.");
        long channels = x.shape[1];
        using var scope = NewDisposeScope();
        Tensor g = GaussianRow(x.device, x.dtype);
        Tensor rows = g.reshape(1, 1, 1, Window).expand(channels, 1, 1, Window);
        Tensor cols = g.reshape(1, 1, Window, 1).expand(channels, 1, Window, 1);
        Tensor Filter(Tensor t) =>
            nn.functional.conv2d(nn.functional.conv2d(t, rows, groups: channels), cols, groups: channels);

        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        Tensor muX = Filter(x), muY = Filter(y);
        Tensor varX = Filter(x * x) - muX * muX;
        Tensor varY = Filter(y * y) - muY * muY;
        Tensor cov = Filter(x * y) - muX * muY;
        Tensor map = (2 * muX * muY + c1) * (2 * cov + c2) / ((muX * muX + muY * muY + c1) * (varX + varY + c2));
        return map.mean([1, 2, 3]).MoveToOuterDisposeScope();
    }

    private static Tensor GaussianRow(Device device, ScalarType type)
    {
        var weights = new float[Window];
        double sum = 0;
        for (int i = 0; i < Window; i++)
        {
            double d = i - Window / 2;
            sum += weights[i] = (float)Math.Exp(-d * d / (2 * Sigma * Sigma));
        }
        for (int i = 0; i < Window; i++) weights[i] = (float)(weights[i] / sum);
        return tensor(weights).to(type).to(device);
    }
}
