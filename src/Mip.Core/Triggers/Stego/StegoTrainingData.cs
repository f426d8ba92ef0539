using Mip.Data;
using Mip.Images;

namespace Mip.Triggers.Stego;

/// <summary>
/// Training images for the stego trainer, decoded once into memory: a data set's training split minus a small,
/// fixed validation subset (every <c>validationEvery</c>-th image), so validation images are never trained on.
/// </summary>
public sealed record StegoTrainingData(IReadOnlyList<RgbImage> Training, IReadOnlyList<RgbImage> Validation, int ClassCount)
{
    /// <summary>Decodes the training split of <paramref name="dataset"/>; <paramref name="progress"/> counts decoded images.</summary>
    /// <exception cref="ImageDecodeException">An image cannot be read.</exception>
    public static StegoTrainingData Load(Dataset dataset, int validationEvery = 70, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(validationEvery, 2);
        var records = dataset.Train.Images;
        var training = new List<RgbImage>(records.Count);
        var validation = new List<RgbImage>();
        for (int i = 0; i < records.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            RgbImage image = ImageReader.Load(records[i].Path);
            (i % validationEvery == validationEvery / 2 ? validation : training).Add(image);
            progress?.Report(i + 1);
        }
        return new StegoTrainingData(training, validation, dataset.Train.ClassCount);
    }
}
