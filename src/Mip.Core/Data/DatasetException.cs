using Mip.IO;

namespace Mip.Data;

/// <summary>A data set that cannot be read: a missing or unreadable file, a malformed index line, or missing images.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : MipInputException(message, inner)
{
    /// <summary>How many items (paths, ids) an error message lists before saying how many more there are.</summary>
    public const int ListedItemLimit = 5;

    /// <summary>An error for files that should exist but do not: lists the first few and gives the count.</summary>
    /// <param name="what">What the files are, with where, e.g. <c>CUB-200-2011 at '/data': listed images</c>.</param>
    /// <param name="missing">The missing paths, in index order.</param>
    /// <param name="expectedTotal">How many files were checked, when that helps the reader judge the damage.</param>
    public static DatasetException MissingFiles(string what, IReadOnlyCollection<string> missing, int? expectedTotal = null)
    {
        string count = expectedTotal is int n ? $"{missing.Count} of {n}" : $"{missing.Count}";
        return WithList($"{what}: {count} missing", missing);
    }

    /// <summary>An error stating <paramref name="problem"/> followed by the first few <paramref name="items"/>.</summary>
    public static DatasetException WithList(string problem, IReadOnlyCollection<string> items)
    {
        string shown = string.Join(", ", items.Take(ListedItemLimit).Select(p => $"'{p}'"));
        string more = items.Count > ListedItemLimit ? $" and {items.Count - ListedItemLimit} more" : "";
        return new DatasetException($"{problem}: {shown}{more}.");
    }
}
