using Mip.Evaluation.Stealth;
using Mip.Images;
using Mip.IO;
using Mip.Runtime;
using Mip.Triggers.Stego;

namespace Mip.Tests.Evaluation.Stealth;

public class ImageQualityTests
{
    private static RgbImage Constant(int width, int height, byte value)
    {
        var image = new RgbImage(width, height);
        Array.Fill(image.Pixels, value);
        return image;
    }

    private static RgbImage Random(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    private static RgbImage Perturbed(RgbImage image, int amplitude, int seed)
    {
        var random = new Random(seed);
        var result = image.Clone();
        for (int i = 0; i < result.Pixels.Length; i++)
            result.Pixels[i] = (byte)Math.Clamp(result.Pixels[i] + random.Next(-amplitude, amplitude + 1), 0, 255);
        return result;
    }

    [Fact]
    public void IdenticalImagesScorePerfectly()
    {
        RgbImage image = Random(40, 30, 1);
        QualityScores q = ImageQuality.Measure(image, image.Clone());
        Assert.Equal(0, q.Mse);
        Assert.Equal(double.PositiveInfinity, q.Psnr);
        Assert.Equal(1.0, q.Ssim, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public void ConstantOffsetGivesClosedFormMseAndPsnr(int offset)
    {
        RgbImage a = Random(32, 20, 2);
        var b = a.Clone();
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            a.Pixels[i] = (byte)(a.Pixels[i] % 200);
            b.Pixels[i] = (byte)(a.Pixels[i] + offset);
        }
        QualityScores q = ImageQuality.Measure(a, b);
        Assert.Equal(offset * offset, q.Mse, 12);
        Assert.Equal(10 * Math.Log10(255.0 * 255 / (offset * offset)), q.Psnr, 10);
        Assert.Equal(20 * Math.Log10(255.0 / offset), q.Psnr, 10);
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(100, 110)]
    [InlineData(0, 255)]
    [InlineData(30, 60)]
    public void FlatImagesHaveOnlyTheLuminanceTerm(byte a, byte b)
    {
        // No variance anywhere: the contrast-structure term is C2 / C2 = 1, leaving (2ab + C1) / (a² + b² + C1).
        double c1 = Math.Pow(0.01 * 255, 2);
        double expected = (2.0 * a * b + c1) / ((double)a * a + (double)b * b + c1);
        Assert.Equal(expected, ImageQuality.Ssim(Constant(15, 13, a), Constant(15, 13, b)), 12);
    }

    [Fact]
    public void SsimMatchesADirectEvaluationOfTheDefinition()
    {
        RgbImage x = Random(23, 19, 3);
        RgbImage y = Perturbed(x, 30, 4);
        Assert.Equal(NaiveSsim(x, y), ImageQuality.Ssim(x, y), 10);
        RgbImage scene = SmoothScene(40, 31);
        RgbImage noisy = Perturbed(scene, 6, 5);
        double direct = NaiveSsim(scene, noisy);
        Assert.Equal(direct, ImageQuality.Ssim(scene, noisy), 10);
        Assert.InRange(direct, 0.3, 0.999);
    }

    [Fact]
    public void DifferentTestImagesOrderAsExpected()
    {
        RgbImage scene = SmoothScene(64, 48);
        double mild = ImageQuality.Ssim(scene, Perturbed(scene, 2, 6));
        double strong = ImageQuality.Ssim(scene, Perturbed(scene, 20, 6));
        Assert.True(mild > strong);
        Assert.True(ImageQuality.Psnr(scene, Perturbed(scene, 2, 6)) > ImageQuality.Psnr(scene, Perturbed(scene, 20, 6)));
    }

    [Fact]
    public void TensorSsimAgreesWithTheReference()
    {
        TorchRuntime.EnsureLoaded();
        RgbImage scene = SmoothScene(48, 40);
        RgbImage noisy = Perturbed(scene, 8, 7);
        using var a = ImageTensors.ToBatch([scene]);
        using var b = ImageTensors.ToBatch([noisy]);
        using var ssim = TensorSsim.PerImage(a, b);
        Assert.Equal(ImageQuality.Ssim(scene, noisy), ssim.item<float>(), 4);
    }

    [Fact]
    public void SizeMismatchAndTinyImagesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ImageQuality.Mse(Constant(10, 10, 1), Constant(10, 11, 1)));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(Constant(10, 10, 1), Constant(10, 10, 1)));
    }

    [Fact]
    public void FileMeasurementNamesTheFilesThatDoNotMatch()
    {
        using var dir = new TempDir();
        ImageWriter.SavePng(Constant(20, 20, 9), dir.File("a.png"));
        ImageWriter.SavePng(Constant(20, 21, 9), dir.File("b.png"));
        File.WriteAllText(dir.File("c.png"), "not an image");
        var e = Assert.Throws<MipInputException>(() => ImageQuality.MeasureFiles(dir.File("a.png"), dir.File("b.png")));
        Assert.Contains("a.png", e.Message);
        Assert.Contains("b.png", e.Message);
        var bad = Assert.ThrowsAny<MipInputException>(() => ImageQuality.MeasureFiles(dir.File("a.png"), dir.File("c.png")));
        Assert.Contains("c.png", bad.Message);
        Assert.Equal(0, ImageQuality.MeasureFiles(dir.File("a.png"), dir.File("a.png")).Mse);
    }

    /// <summary>
    /// SSIM straight from Wang et al.: for every 11×11 window that fits, 2-D Gaussian weights w (σ = 1.5, summing to 1),
    /// μ = Σw·x, σ² = Σw·(x − μ)², σxy = Σw·(x − μx)(y − μy), then the SSIM formula; mean over windows and channels.
    /// </summary>
    private static double NaiveSsim(RgbImage a, RgbImage b)
    {
        var w = new double[11, 11];
        double total = 0;
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++)
                total += w[i, j] = Math.Exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2);
        double sum = 0;
        int count = 0;
        for (int c = 0; c < 3; c++)
        {
            double channelSum = 0;
            int windows = 0;
            for (int top = 0; top + 11 <= a.Height; top++)
            {
                for (int left = 0; left + 11 <= a.Width; left++)
                {
                    double mx = 0, my = 0;
                    for (int i = 0; i < 11; i++)
                        for (int j = 0; j < 11; j++)
                        {
                            double weight = w[i, j] / total;
                            mx += weight * a.Pixels[((top + i) * a.Width + left + j) * 3 + c];
                            my += weight * b.Pixels[((top + i) * a.Width + left + j) * 3 + c];
                        }
                    double vx = 0, vy = 0, cov = 0;
                    for (int i = 0; i < 11; i++)
                        for (int j = 0; j < 11; j++)
                        {
                            double weight = w[i, j] / total;
                            double dx = a.Pixels[((top + i) * a.Width + left + j) * 3 + c] - mx;
                            double dy = b.Pixels[((top + i) * a.Width + left + j) * 3 + c] - my;
                            vx += weight * dx * dx;
                            vy += weight * dy * dy;
                            cov += weight * dx * dy;
                        }
                    channelSum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    windows++;
                }
            }
            sum += channelSum / windows;
            count++;
        }
        return sum / count;
    }

    private static RgbImage SmoothScene(int width, int height) => Mip.Tests.Images.ImageFixtures.SmoothScene(width, height);
}
