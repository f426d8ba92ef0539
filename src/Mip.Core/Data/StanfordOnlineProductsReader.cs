namespace Mip.Data;

/// <summary>
/// Reads Stanford Online Products: <c>Ebay_train.txt</c> and <c>Ebay_test.txt</c>, each a header line
/// (image_id class_id super_class_id path) followed by one line per image, paths relative to the root. The splits are
/// the files. Labels are the product (class) ids; class names are <c>super_class_folder/class_id</c>.
/// </summary>
public sealed class StanfordOnlineProductsReader : IDatasetReader
{
    private const string DisplayName = "Stanford Online Products";

    /// <inheritdoc/>
    public DatasetKind Kind => DatasetKind.StanfordOnlineProducts;

    /// <inheritdoc/>
    public bool CanRead(string root) =>
        File.Exists(Path.Combine(root, "Ebay_train.txt")) || File.Exists(Path.Combine(root, "Ebay_test.txt"));

    /// <inheritdoc/>
    public Dataset Read(string root, DatasetReadOptions options)
    {
        string folder = Path.GetFullPath(root);
        string description = $"{DisplayName} at '{folder}'";
        string trainTxt = Path.Combine(folder, "Ebay_train.txt");
        string testTxt = Path.Combine(folder, "Ebay_test.txt");
        ImageFiles.RequireFiles(description, trainTxt, testTxt);

        var train = ReadList(trainTxt, folder);
        var test = ReadList(testTxt, folder);
        ImageFiles.VerifyExist(description, [.. train, .. test], options);
        return new Dataset(Kind, DisplayName, folder,
        [
            new DatasetSplit(DatasetSplit.TrainName, train),
            new DatasetSplit(DatasetSplit.TestName, test),
        ]);
    }

    private static List<ImageRecord> ReadList(string path, string folder)
    {
        var index = IndexFile.Read(path);
        var records = new List<ImageRecord>();
        var seen = new HashSet<int>();
        bool first = true;
        foreach (var (n, text) in index.Entries())
        {
            // The official files start with a header naming the columns.
            bool isHeader = first && text.TrimStart().StartsWith("image_id", StringComparison.Ordinal);
            first = false;
            if (isHeader) continue;
            var f = index.Fields(n, text, 4, "<image_id> <class_id> <super_class_id> <path>");
            int id = index.PositiveInt(n, text, f[0], "image id");
            int label = index.PositiveInt(n, text, f[1], "class id");
            index.PositiveInt(n, text, f[2], "super class id");
            if (!seen.Add(id)) throw index.Malformed(n, text, $"image id {id} appears twice");
            string imagePath = index.ImagePath(n, text, folder, f[3]);
            string superClass = f[3].Replace('\\', '/').Split('/')[0];
            records.Add(new ImageRecord(id, imagePath, label, $"{superClass}/{label}"));
        }
        return records;
    }
}
