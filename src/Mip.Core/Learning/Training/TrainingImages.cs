using Mip.Data;
using Mip.Images;

namespace Mip.Learning.Training;

/// <summary>
/// The images a run trains on, in a fixed order (batch indices point into <see cref="Records"/>), loaded at the model's
/// square input size: resized straight to it as the paper's code does, or, with augmentation, a random resized crop
/// (torchvision's defaults: 8-100% of the area, aspect 3/4-4/3) and a random horizontal flip.
/// </summary>
public sealed class TrainingImages(IReadOnlyList<ImageRecord> records, int inputSize, ImageLoadOptions? loadOptions = null)
{
    /// <summary>The images.</summary>
    public IReadOnlyList<ImageRecord> Records { get; } = records ?? throw new ArgumentNullException(nameof(records));

    /// <summary>Side of the square model input.</summary>
    public int InputSize { get; } = inputSize;

    /// <summary>Number of images.</summary>
    public int Count => Records.Count;

    /// <summary>Label of each image.</summary>
    public int[] Labels() => Records.Select(r => r.Label).ToArray();

    /// <summary>Image <paramref name="index"/> resized to the input size, no augmentation.</summary>
    public RgbImage LoadResized(int index)
    {
        var image = ImageReader.Load(Records[index].Path, loadOptions);
        return image.Width == InputSize && image.Height == InputSize ? image : image.Resize(InputSize, InputSize);
    }

    /// <summary>Image <paramref name="index"/> with a random resized crop and a random horizontal flip.</summary>
    public RgbImage LoadAugmented(int index, SeededRandom random)
    {
        var image = ImageReader.Load(Records[index].Path, loadOptions);
        var (x, y, w, h) = RandomResizedCropBox(image.Width, image.Height, random);
        var crop = image.Crop(x, y, w, h).Resize(InputSize, InputSize);
        return random.NextDouble() < 0.5 ? FlipHorizontally(crop) : crop;
    }

    // torchvision RandomResizedCrop.get_params: ten tries at a random area and log-uniform aspect, else the centre
    // crop clamped to the allowed aspect range.
    private static (int X, int Y, int W, int H) RandomResizedCropBox(int width, int height, SeededRandom random)
    {
        double area = (double)width * height;
        double logLow = Math.Log(3.0 / 4.0), logHigh = Math.Log(4.0 / 3.0);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (0.08 + random.NextDouble() * 0.92);
            double aspect = Math.Exp(logLow + random.NextDouble() * (logHigh - logLow));
            int w = (int)Math.Round(Math.Sqrt(target * aspect));
            int h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return (random.NextInt(width - w + 1), random.NextInt(height - h + 1), w, h);
        }
        double ratio = (double)width / height;
        int cw = width, ch = height;
        if (ratio < 3.0 / 4.0) ch = (int)Math.Round(width / (3.0 / 4.0));
        else if (ratio > 4.0 / 3.0) cw = (int)Math.Round(height * (4.0 / 3.0));
        return ((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    private static RgbImage FlipHorizontally(RgbImage image)
    {
        var flipped = new RgbImage(image.Width, image.Height);
        int row = image.Width * 3;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                Array.Copy(image.Pixels, y * row + x * 3, flipped.Pixels, y * row + (image.Width - 1 - x) * 3, 3);
        return flipped;
    }
}
