namespace Mip.Data;

/// <summary>Finds the reader for a data-set folder and reads it.</summary>
public static class DatasetReaders
{
    /// <summary>
    /// Every reader, in the order auto-detection tries them: the formats with index files first, the image folder
    /// (which matches almost any folder of subfolders) last.
    /// </summary>
    public static IReadOnlyList<IDatasetReader> All { get; } = Array.AsReadOnly<IDatasetReader>(
    [
        new Cub200Reader(),
        new StanfordOnlineProductsReader(),
        new InShopReader(),
        new Cars196Reader(),
        new ImageFolderReader(),
    ]);

    /// <summary>The reader for <paramref name="kind"/>.</summary>
    public static IDatasetReader For(DatasetKind kind) =>
        All.FirstOrDefault(r => r.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "No reader for this kind.");

    /// <summary>The format of the data set at <paramref name="path"/>, or null when none matches.</summary>
    public static DatasetKind? Detect(string path) => All.FirstOrDefault(r => r.CanRead(path))?.Kind;

    /// <summary>
    /// Reads the data set at <paramref name="path"/> as <paramref name="kind"/>, or as the detected format when
    /// <paramref name="kind"/> is null. Throws a <see cref="DatasetException"/> when the folder is missing, matches no
    /// format, or cannot be read.
    /// </summary>
    public static Dataset Open(string path, DatasetKind? kind = null, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= DatasetReadOptions.Default;
        options.Validate();
        string root = Path.GetFullPath(path);
        if (File.Exists(root))
            throw new DatasetException($"'{path}' is a file; give the data set's folder.");
        if (!Directory.Exists(root))
            throw new DatasetException($"The data-set folder '{path}' does not exist.");

        var reader = kind is DatasetKind k
            ? For(k)
            : All.FirstOrDefault(r => r.CanRead(root)) ?? throw new DatasetException(
                $"'{path}' is not a recognised data set. Looked for: CUB-200-2011 (images.txt, image_class_labels.txt, " +
                "classes.txt, here or in CUB_200_2011/), Stanford Online Products (Ebay_train.txt), In-Shop " +
                "(list_eval_partition.txt, here or in Eval/), Cars196 (cars_annos.mat + car_ims/, or 196 class folders), " +
                "and an image folder (subfolders holding images).");
        return reader.Read(root, options);
    }
}
