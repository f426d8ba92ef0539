namespace Mip.Data;

/// <summary>
/// Reads a generic image folder: each non-hidden subfolder of the root is a class, holding its images (searched
/// recursively; files with other extensions than <c>.jpg .jpeg .png .bmp .gif .webp .tif .tiff</c> are not images).
/// Classes are numbered 1..C in ordinal name order; the first <see cref="DatasetReadOptions.TrainFraction"/> of them
/// (rounded to nearest, but at least one class on each side when the fraction is strictly between 0 and 1) form the
/// train split and the rest the test split. Image ids run 1..N in class order, then file order.
/// </summary>
public sealed class ImageFolderReader : IDatasetReader
{
    private const string DisplayName = "Image folder";

    /// <inheritdoc/>
    public DatasetKind Kind => DatasetKind.ImageFolder;

    /// <inheritdoc/>
    public bool CanRead(string root) => ImageFiles.HasClassFolders(root);

    /// <inheritdoc/>
    public Dataset Read(string root, DatasetReadOptions options)
    {
        options.Validate();
        string folder = Path.GetFullPath(root);
        string description = $"Image folder '{folder}'";
        if (!Directory.Exists(folder)) throw new DatasetException($"{description} does not exist.");
        var classes = ClassFolder.Scan(description, folder);

        int trainClasses = TrainClassCount(classes.Count, options.TrainFraction);
        var train = new List<ImageRecord>();
        var test = new List<ImageRecord>();
        int id = 0;
        for (int c = 0; c < classes.Count; c++)
        {
            var target = c < trainClasses ? train : test;
            foreach (string image in classes[c].Images) target.Add(new ImageRecord(++id, image, c + 1, classes[c].Name));
        }
        return new Dataset(Kind, DisplayName, folder,
        [
            new DatasetSplit(DatasetSplit.TrainName, train),
            new DatasetSplit(DatasetSplit.TestName, test),
        ]);
    }

    /// <summary>How many of <paramref name="classCount"/> sorted classes go to training at <paramref name="fraction"/>.</summary>
    public static int TrainClassCount(int classCount, double fraction)
    {
        int count = (int)Math.Round(classCount * fraction, MidpointRounding.AwayFromZero);
        // A fraction strictly inside (0, 1) asks for both splits; rounding must not empty either when it can be helped.
        if (fraction > 0 && fraction < 1 && classCount >= 2) count = Math.Clamp(count, 1, classCount - 1);
        return count;
    }
}
