using Mip.Data;
using Mip.Images;

namespace Mip.Evaluation.Stealth;

/// <summary>A fixed sample of a data set's images, decoded at their native size, with a description for reports.</summary>
public sealed record StealthSample(IReadOnlyList<(string Name, RgbImage Image)> Images, string Description)
{
    /// <summary>
    /// Decodes <paramref name="count"/> images evenly spaced through the <paramref name="split"/> split (in the data
    /// set's order) of the data set at <paramref name="datasetPath"/>.
    /// </summary>
    /// <exception cref="Mip.IO.MipInputException">The data set or an image cannot be read, or the split does not exist.</exception>
    public static StealthSample Load(string datasetPath, string split, int count, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        Dataset dataset = DatasetReaders.Open(datasetPath);
        DatasetSplit images = dataset[split];
        var chosen = FixedSample.Evenly(images.Images, count);
        var loaded = new List<(string, RgbImage)>(chosen.Count);
        foreach (ImageRecord record in chosen)
        {
            cancellation.ThrowIfCancellationRequested();
            loaded.Add((Path.GetRelativePath(dataset.Root, record.Path), ImageReader.Load(record.Path)));
            progress?.Report(loaded.Count);
        }
        string description = chosen.Count == images.Count
            ? $"all {images.Count} images of the {dataset.Name} {split} split ({images.ClassCount} classes) at {dataset.Root}"
            : $"{chosen.Count} of the {images.Count} images of the {dataset.Name} {split} split ({images.ClassCount} classes) at {dataset.Root}, evenly spaced in index order";
        return new StealthSample(loaded, description);
    }
}
