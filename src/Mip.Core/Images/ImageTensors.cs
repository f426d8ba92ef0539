using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Images;

/// <summary>
/// Converts between <see cref="RgbImage"/>s and float tensors laid out as torchvision's <c>ToTensor</c> lays them out:
/// channels first, values in [0, 1].
/// </summary>
/// <remarks>
/// Tensors are allocated by LibTorch and filled by copying, never built over managed arrays, so each tensor owns its
/// memory outright (tensors wrapping pinned managed buffers crashed when created in a decode loop). A tensor returned
/// here belongs to the caller's dispose scope, if one is open.
/// </remarks>
public static class ImageTensors
{
    /// <summary>A float32 [3, H, W] tensor on the CPU with values byte / 255.</summary>
    public static Tensor ToTensor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        TorchRuntime.EnsureLoaded();
        var result = empty([3, image.Height, image.Width], ScalarType.Float32);
        Fill(result, 0, image, new float[3L * image.Width * image.Height]);
        return result;
    }

    /// <summary>A float32 [N, 3, H, W] tensor on the CPU; all images must have the same size.</summary>
    /// <exception cref="ArgumentException">The list is empty or the sizes differ.</exception>
    public static Tensor ToBatch(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("A batch needs at least one image.", nameof(images));
        int width = images[0].Width, height = images[0].Height;
        for (int i = 1; i < images.Count; i++)
        {
            if (images[i].Width != width || images[i].Height != height)
                throw new ArgumentException(
                    $"Image {i} is {images[i].Width}x{images[i].Height} but image 0 is {width}x{height}; resize them to one size first.",
                    nameof(images));
        }
        TorchRuntime.EnsureLoaded();
        var result = empty([images.Count, 3, height, width], ScalarType.Float32);
        long perImage = 3L * width * height;
        var buffer = new float[perImage];
        for (int i = 0; i < images.Count; i++)
            Fill(result, i * perImage, images[i], buffer);
        return result;
    }

    /// <summary>
    /// The image held in a [3, H, W] tensor of values in [0, 1] (any floating type, any device): values are clamped to
    /// [0, 1], scaled by 255 and rounded to the nearest level; NaN becomes 0.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not shaped [3, H, W].</exception>
    public static RgbImage FromTensor(Tensor chw)
    {
        ArgumentNullException.ThrowIfNull(chw);
        if (chw.dim() != 3 || chw.shape[0] != 3 || chw.shape[1] <= 0 || chw.shape[2] <= 0)
            throw new ArgumentException($"Expected a [3, H, W] image tensor, got [{string.Join(", ", chw.shape)}].", nameof(chw));
        int height = checked((int)chw.shape[1]), width = checked((int)chw.shape[2]);
        long planeSize = (long)width * height;
        var values = new float[3 * planeSize];
        using (NewDisposeScope())
        {
            Tensor cpu = chw.detach().to(ScalarType.Float32).cpu().contiguous();
            using var accessor = cpu.data<float>();
            accessor.CopyTo(values, 0, 0);
        }

        var image = new RgbImage(width, height);
        byte[] pixels = image.Pixels;
        for (long p = 0; p < planeSize; p++)
        {
            pixels[p * 3] = ToByte(values[p]);
            pixels[p * 3 + 1] = ToByte(values[planeSize + p]);
            pixels[p * 3 + 2] = ToByte(values[2 * planeSize + p]);
        }
        return image;
    }

    private static byte ToByte(float value)
    {
        if (float.IsNaN(value) || value <= 0f) return 0;
        if (value >= 1f) return 255;
        return (byte)MathF.Round(value * 255f, MidpointRounding.AwayFromZero);
    }

    /// <summary>Writes <paramref name="image"/> as three planes at element <paramref name="offset"/> of <paramref name="target"/>.</summary>
    private static void Fill(Tensor target, long offset, RgbImage image, float[] buffer)
    {
        byte[] pixels = image.Pixels;
        long planeSize = (long)image.Width * image.Height;
        // Division rather than a reciprocal multiply gives the same float32 values as torchvision's div(255).
        for (long p = 0; p < planeSize; p++)
        {
            buffer[p] = pixels[p * 3] / 255f;
            buffer[planeSize + p] = pixels[p * 3 + 1] / 255f;
            buffer[2 * planeSize + p] = pixels[p * 3 + 2] / 255f;
        }
        using var accessor = target.data<float>();
        accessor.CopyFrom(buffer, 0, offset);
    }
}
