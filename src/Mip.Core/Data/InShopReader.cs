using System.Globalization;

namespace Mip.Data;

/// <summary>
/// Reads DeepFashion In-Shop Clothes Retrieval from <c>list_eval_partition.txt</c> (in the root or its <c>Eval/</c>
/// folder): a line with the image count, a line of column names (image_name item_id evaluation_status), then one line
/// per image with an <c>img/...</c> path, an <c>id_NNNNNNNN</c> item id and train, query or gallery. Images are looked
/// up under the root, or under <c>Img/</c> when that holds the <c>img/</c> folder (the official archive's layout).
/// The splits are train, query and gallery; there is no test split, since the standard protocol ranks the gallery for
/// each query (the MIP authors' code instead ran leave-one-out inside the query split; build that from
/// <see cref="Dataset.Query"/> if needed). Labels are the item numbers; class names the item ids.
/// </summary>
public sealed class InShopReader : IDatasetReader
{
    private const string DisplayName = "In-Shop";
    private const string PartitionFile = "list_eval_partition.txt";
    private static readonly string[] SplitOrder = [DatasetSplit.TrainName, DatasetSplit.QueryName, DatasetSplit.GalleryName];

    /// <inheritdoc/>
    public DatasetKind Kind => DatasetKind.InShop;

    /// <inheritdoc/>
    public bool CanRead(string root) => FindPartitionFile(root) is not null;

    /// <inheritdoc/>
    public Dataset Read(string root, DatasetReadOptions options)
    {
        string folder = Path.GetFullPath(root);
        string description = $"{DisplayName} at '{folder}'";
        string partitionPath = FindPartitionFile(folder) ?? Path.Combine(folder, PartitionFile);
        ImageFiles.RequireFiles(description, partitionPath);
        string imageBase = !Directory.Exists(Path.Combine(folder, "img")) && Directory.Exists(Path.Combine(folder, "Img", "img"))
            ? Path.Combine(folder, "Img")
            : folder;

        var index = IndexFile.Read(partitionPath);
        var entries = index.Entries().ToList();
        int start = 0;
        int? declaredCount = null;
        if (start < entries.Count && int.TryParse(entries[start].Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int declared))
        {
            declaredCount = declared;
            start++;
        }
        if (start < entries.Count && entries[start].Text.TrimStart().StartsWith("image_name", StringComparison.Ordinal)) start++;

        var bySplit = SplitOrder.ToDictionary(s => s, _ => new List<ImageRecord>());
        for (int i = start; i < entries.Count; i++)
        {
            var (n, text) = entries[i];
            var f = index.PathThenFields(n, text, 2, "<image_name> <item_id> <evaluation_status>");
            string relative = f[0], itemId = f[1], status = f[2];
            if (!bySplit.TryGetValue(status, out var split))
                throw index.Malformed(n, text, $"the evaluation status '{status}' is not train, query or gallery");
            int label = ParseItemId(index, n, text, itemId);
            string path = index.ImagePath(n, text, imageBase, relative);
            split.Add(new ImageRecord(i - start + 1, path, label, itemId));
        }
        int total = entries.Count - start;
        if (declaredCount is int expected && expected != total)
            throw new DatasetException(
                $"'{partitionPath}' declares {expected} images on its first line but lists {total} (truncated or edited?).");

        ImageFiles.VerifyExist(description, bySplit.Values.SelectMany(s => s).ToList(), options);
        return new Dataset(Kind, DisplayName, folder, SplitOrder.Select(s => new DatasetSplit(s, bySplit[s])));
    }

    private static int ParseItemId(IndexFile index, int n, string text, string itemId)
    {
        const string prefix = "id_";
        if (!itemId.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(itemId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            || number < 1)
            throw index.Malformed(n, text, $"the item id '{itemId}' is not of the form id_NNNNNNNN");
        return number;
    }

    private static string? FindPartitionFile(string root)
    {
        foreach (string candidate in new[] { Path.Combine(root, PartitionFile), Path.Combine(root, "Eval", PartitionFile) })
        {
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
