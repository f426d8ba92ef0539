using System.Globalization;
using Mip.Images;
using OpenCvSharp;

namespace Mip.Defences.Filters;

/// <summary>Shared checks of the kernel filters: OpenCV conventions, border reflect-101.</summary>
public abstract class KernelFilter : IInputFilter
{
    /// <summary>A filter with a square <paramref name="kernel"/> x <paramref name="kernel"/> window.</summary>
    /// <exception cref="FilterException">The kernel is even or below 3.</exception>
    protected KernelFilter(string kind, int kernel)
    {
        if (kernel < 3 || kernel % 2 == 0)
            throw new FilterException($"The {kind} filter needs an odd kernel size of at least 3, not {kernel}.");
        Kernel = kernel;
        Name = string.Create(CultureInfo.InvariantCulture, $"{kind}-{kernel}");
    }

    /// <summary>Kernel size in pixels.</summary>
    public int Kernel { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public abstract RgbImage Apply(RgbImage image);
}

/// <summary>Mean filter: OpenCV's <c>blur</c>, the normalised box filter.</summary>
public sealed class MeanFilter(int kernel) : KernelFilter("mean", kernel)
{
    /// <inheritdoc/>
    public override RgbImage Apply(RgbImage image) =>
        OpenCvImages.Filter(image, (s, d) => Cv2.Blur(s, d, new Size(Kernel, Kernel), borderType: BorderTypes.Reflect101));
}

/// <summary>
/// Box filter: OpenCV's <c>boxFilter</c> with its default normalisation, which makes it the same operator as
/// <see cref="MeanFilter"/> (kept under its own name because the paper lists both).
/// </summary>
public sealed class BoxFilter(int kernel) : KernelFilter("box", kernel)
{
    /// <inheritdoc/>
    public override RgbImage Apply(RgbImage image) =>
        OpenCvImages.Filter(image, (s, d) => Cv2.BoxFilter(s, d, MatType.CV_8UC3, new Size(Kernel, Kernel), normalize: true, borderType: BorderTypes.Reflect101));
}

/// <summary>
/// Gaussian filter: OpenCV's <c>GaussianBlur</c> with sigma derived from the kernel (0.3((k-1)/2 - 1) + 0.8; for kernels up
/// to 7 OpenCV then uses its fixed binomial kernels, e.g. [1/4, 1/2, 1/4] for 3).
/// </summary>
public sealed class GaussianFilter(int kernel) : KernelFilter("gaussian", kernel)
{
    /// <inheritdoc/>
    public override RgbImage Apply(RgbImage image) =>
        OpenCvImages.Filter(image, (s, d) => Cv2.GaussianBlur(s, d, new Size(Kernel, Kernel), 0, 0, BorderTypes.Reflect101));
}

/// <summary>Median filter: OpenCV's <c>medianBlur</c>.</summary>
public sealed class MedianFilter(int kernel) : KernelFilter("median", kernel)
{
    /// <inheritdoc/>
    public override RgbImage Apply(RgbImage image) => OpenCvImages.Filter(image, (s, d) => Cv2.MedianBlur(s, d, Kernel));
}
