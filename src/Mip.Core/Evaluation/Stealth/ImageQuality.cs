using Mip.Images;
using Mip.IO;

namespace Mip.Evaluation.Stealth;

/// <summary>
/// The image-quality metrics of the paper's Table 4, on 8-bit RGB images of one size:
/// MSE on the 0-255 scale over all pixels and channels; PSNR = 10·log10(255² / MSE) (infinite for identical
/// images); SSIM as Wang et al. (2004): 11×11 Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, dynamic range
/// 255, population (weighted) variances and covariance, computed only where the window fits inside the image
/// (MATLAB's 'valid' filtering, as the authors' ssim_index.m), averaged over the map of each channel and then over
/// the three channels.
/// </summary>
public static class ImageQuality
{
    /// <summary>Side of the SSIM window.</summary>
    public const int SsimWindow = 11;

    /// <summary>Standard deviation of the SSIM Gaussian window, in pixels.</summary>
    public const double SsimSigma = 1.5;

    /// <summary>SSIM K1.</summary>
    public const double K1 = 0.01;

    /// <summary>SSIM K2.</summary>
    public const double K2 = 0.03;

    /// <summary>Dynamic range of 8-bit values.</summary>
    public const double DataRange = 255;

    private static readonly double[] Gaussian = BuildGaussian();

    /// <summary>The normalised 11-tap Gaussian the SSIM window is the outer product of.</summary>
    public static IReadOnlyList<double> GaussianWindow => Gaussian;

    /// <summary>All three metrics.</summary>
    public static QualityScores Measure(RgbImage reference, RgbImage test)
    {
        double mse = Mse(reference, test);
        return new QualityScores(mse, PsnrFromMse(mse), Ssim(reference, test));
    }

    /// <summary>
    /// Reads two image files and measures them; errors name the files (unreadable, or sizes that differ).
    /// </summary>
    /// <exception cref="MipInputException">A file cannot be read, or the images differ in size or are smaller than the SSIM window.</exception>
    public static QualityScores MeasureFiles(string referencePath, string testPath)
    {
        RgbImage reference = ImageReader.Load(referencePath);
        RgbImage test = ImageReader.Load(testPath);
        if (reference.Width != test.Width || reference.Height != test.Height)
            throw new MipInputException(
                $"'{referencePath}' is {reference.Width}x{reference.Height} but '{testPath}' is {test.Width}x{test.Height}; " +
                "quality metrics compare images of the same size.");
        if (reference.Width < SsimWindow || reference.Height < SsimWindow)
            throw new MipInputException(
                $"'{referencePath}' is {reference.Width}x{reference.Height}; SSIM needs images of at least {SsimWindow}x{SsimWindow} pixels.");
        return Measure(reference, test);
    }

    /// <summary>Mean squared error over all pixels and channels, on the 0-255 scale.</summary>
    public static double Mse(RgbImage reference, RgbImage test)
    {
        CheckSameSize(reference, test);
        byte[] a = reference.Pixels, b = test.Pixels;
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            sum += d * d;
        }
        return (double)sum / a.Length;
    }

    /// <summary>Peak signal-to-noise ratio in dB; +∞ for identical images.</summary>
    public static double Psnr(RgbImage reference, RgbImage test) => PsnrFromMse(Mse(reference, test));

    /// <summary>PSNR in dB for a given MSE (0-255 scale); +∞ for 0.</summary>
    public static double PsnrFromMse(double mse)
    {
        if (mse < 0 || double.IsNaN(mse)) throw new ArgumentOutOfRangeException(nameof(mse), mse, "An MSE cannot be negative.");
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(DataRange * DataRange / mse);
    }

    /// <summary>Mean SSIM (see the class summary), in [-1, 1], 1 for identical images.</summary>
    /// <exception cref="ArgumentException">The sizes differ or an image is smaller than 11×11.</exception>
    public static double Ssim(RgbImage reference, RgbImage test)
    {
        CheckSameSize(reference, test);
        int width = reference.Width, height = reference.Height;
        if (width < SsimWindow || height < SsimWindow)
            throw new ArgumentException($"SSIM needs images of at least {SsimWindow}x{SsimWindow} pixels, got {width}x{height}.");
        double total = 0;
        for (int channel = 0; channel < 3; channel++)
            total += SsimChannel(reference.Pixels, test.Pixels, width, height, channel);
        return total / 3;
    }

    private static double SsimChannel(byte[] a, byte[] b, int width, int height, int channel)
    {
        double c1 = K1 * DataRange * K1 * DataRange, c2 = K2 * DataRange * K2 * DataRange;
        int outWidth = width - SsimWindow + 1, outHeight = height - SsimWindow + 1;
        // Horizontal pass of the five weighted moments, then the vertical pass per output pixel.
        var rows = new double[5][];
        for (int m = 0; m < 5; m++) rows[m] = new double[height * outWidth];
        for (int y = 0; y < height; y++)
        {
            int rowStart = y * width;
            for (int x = 0; x < outWidth; x++)
            {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int k = 0; k < SsimWindow; k++)
                {
                    int index = (rowStart + x + k) * 3 + channel;
                    double w = Gaussian[k], u = a[index], v = b[index];
                    sx += w * u;
                    sy += w * v;
                    sxx += w * u * u;
                    syy += w * v * v;
                    sxy += w * u * v;
                }
                int o = y * outWidth + x;
                rows[0][o] = sx; rows[1][o] = sy; rows[2][o] = sxx; rows[3][o] = syy; rows[4][o] = sxy;
            }
        }
        double sum = 0;
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                for (int k = 0; k < SsimWindow; k++)
                {
                    int o = (y + k) * outWidth + x;
                    double w = Gaussian[k];
                    mx += w * rows[0][o];
                    my += w * rows[1][o];
                    mxx += w * rows[2][o];
                    myy += w * rows[3][o];
                    mxy += w * rows[4][o];
                }
                double varX = mxx - mx * mx, varY = myy - my * my, cov = mxy - mx * my;
                sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (varX + varY + c2));
            }
        }
        return sum / ((double)outWidth * outHeight);
    }

    private static void CheckSameSize(RgbImage reference, RgbImage test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
            throw new ArgumentException(
                $"Quality metrics compare images of one size, got {reference.Width}x{reference.Height} and {test.Width}x{test.Height}.");
    }

    private static double[] BuildGaussian()
    {
        var g = new double[SsimWindow];
        double sum = 0;
        for (int i = 0; i < SsimWindow; i++)
        {
            double d = i - SsimWindow / 2;
            sum += g[i] = Math.Exp(-d * d / (2 * SsimSigma * SsimSigma));
        }
        for (int i = 0; i < SsimWindow; i++) g[i] /= sum;
        return g;
    }
}
