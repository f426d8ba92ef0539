namespace Mip.Data;

/// <summary>
/// Reads CUB-200-2011 in its official layout: <c>images.txt</c> (image_id path), <c>image_class_labels.txt</c>
/// (image_id class_id), <c>classes.txt</c> (class_id name) and <c>images/</c>. The root may be the
/// <c>CUB_200_2011</c> folder or its parent. Split as in metric learning: classes 1-100 train, 101-200 test
/// (<c>train_test_split.txt</c>, the classification split, is ignored).
/// </summary>
public sealed class Cub200Reader : IDatasetReader
{
    /// <summary>The highest class id of the training split.</summary>
    public const int LastTrainClass = 100;

    private const string DisplayName = "CUB-200-2011";
    private static readonly string[] IndexFiles = ["images.txt", "image_class_labels.txt", "classes.txt"];

    /// <inheritdoc/>
    public DatasetKind Kind => DatasetKind.Cub200;

    /// <inheritdoc/>
    public bool CanRead(string root) => ResolveRoot(root) is not null;

    /// <inheritdoc/>
    public Dataset Read(string root, DatasetReadOptions options)
    {
        string folder = ResolveRoot(root) ?? Path.GetFullPath(root);
        string description = $"{DisplayName} at '{folder}'";
        string imagesTxt = Path.Combine(folder, "images.txt");
        string labelsTxt = Path.Combine(folder, "image_class_labels.txt");
        string classesTxt = Path.Combine(folder, "classes.txt");
        ImageFiles.RequireFiles(description, imagesTxt, labelsTxt, classesTxt);

        var classNames = new Dictionary<int, string>();
        var classes = IndexFile.Read(classesTxt);
        foreach (var (n, text) in classes.Entries())
        {
            var f = classes.Fields(n, text, 2, "<class_id> <class_name>");
            int id = classes.PositiveInt(n, text, f[0], "class id");
            if (!classNames.TryAdd(id, f[1])) throw classes.Malformed(n, text, $"class id {id} appears twice");
        }

        var labelOf = new Dictionary<int, int>();
        var labels = IndexFile.Read(labelsTxt);
        foreach (var (n, text) in labels.Entries())
        {
            var f = labels.Fields(n, text, 2, "<image_id> <class_id>");
            int image = labels.PositiveInt(n, text, f[0], "image id");
            int label = labels.PositiveInt(n, text, f[1], "class id");
            if (!classNames.ContainsKey(label)) throw labels.Malformed(n, text, $"class id {label} is not in '{classesTxt}'");
            if (!labelOf.TryAdd(image, label)) throw labels.Malformed(n, text, $"image id {image} appears twice");
        }

        string imageFolder = Path.Combine(folder, "images");
        var records = new List<ImageRecord>();
        var seen = new HashSet<int>();
        var unlabelled = new List<string>();
        var images = IndexFile.Read(imagesTxt);
        foreach (var (n, text) in images.Entries())
        {
            var f = images.Fields(n, text, 2, "<image_id> <image_path>");
            int id = images.PositiveInt(n, text, f[0], "image id");
            if (!seen.Add(id)) throw images.Malformed(n, text, $"image id {id} appears twice");
            string path = images.ImagePath(n, text, imageFolder, f[1]);
            if (!labelOf.TryGetValue(id, out int label))
            {
                unlabelled.Add($"{id} (line {n})");
                continue;
            }
            records.Add(new ImageRecord(id, path, label, classNames[label]));
        }
        if (unlabelled.Count > 0)
            throw DatasetException.WithList(
                $"{description}: '{labelsTxt}' gives no class for {unlabelled.Count} images of '{imagesTxt}'", unlabelled);
        var orphans = labelOf.Keys.Where(id => !seen.Contains(id)).Order().ToList();
        if (orphans.Count > 0)
            throw DatasetException.WithList(
                $"{description}: '{labelsTxt}' labels {orphans.Count} image ids that '{imagesTxt}' does not list",
                orphans.Select(i => i.ToString()).ToList());

        ImageFiles.VerifyExist(description, records, options);
        return new Dataset(Kind, DisplayName, folder,
        [
            new DatasetSplit(DatasetSplit.TrainName, records.Where(r => r.Label <= LastTrainClass)),
            new DatasetSplit(DatasetSplit.TestName, records.Where(r => r.Label > LastTrainClass)),
        ]);
    }

    /// <summary>The folder holding the index files: <paramref name="root"/> itself or its CUB_200_2011 child.</summary>
    private static string? ResolveRoot(string root)
    {
        foreach (string candidate in new[] { root, Path.Combine(root, "CUB_200_2011") })
        {
            if (IndexFiles.Any(f => File.Exists(Path.Combine(candidate, f)))) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
