namespace Mip.Data;

/// <summary>One class of a folder-per-class layout: its name (the folder name) and its images.</summary>
internal sealed record ClassFolder(string Name, IReadOnlyList<string> Images)
{
    /// <summary>
    /// The classes under <paramref name="parents"/>, in ordinal name order; a class folder name appearing under several
    /// parents (train/ and test/) is one class whose images are concatenated in parent order. A class folder without
    /// any image is an error, so that no class disappears unnoticed.
    /// </summary>
    public static IReadOnlyList<ClassFolder> Scan(string description, params string[] parents)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string parent in parents)
        {
            foreach (string folder in ImageFiles.SortedSubfolders(parent))
            {
                string name = Path.GetFileName(folder);
                if (!byName.TryGetValue(name, out var images)) byName[name] = images = [];
                images.AddRange(ImageFiles.SortedImagesUnder(folder));
            }
        }
        if (byName.Count == 0)
            throw new DatasetException($"{description}: there are no class folders under {string.Join(", ", parents.Select(p => $"'{p}'"))}.");
        var empty = byName.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList();
        if (empty.Count > 0)
            throw DatasetException.WithList(
                $"{description}: {empty.Count} class folders hold no images ({string.Join(" ", ImageFiles.Extensions)})", empty);
        return byName.Select(kv => new ClassFolder(kv.Key, kv.Value)).ToArray();
    }
}
