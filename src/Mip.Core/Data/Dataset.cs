namespace Mip.Data;

/// <summary>
/// A data set read from disk: its kind, root folder and named splits. CUB-200-2011, Cars196, Stanford Online
/// Products and image folders have <see cref="Train"/> and <see cref="Test"/>; In-Shop has train, query and gallery
/// (its standard protocol retrieves gallery images for each query), so it has no test split and <see cref="Test"/>
/// throws there.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a data set; split names must be distinct.</summary>
    public Dataset(DatasetKind kind, string name, string root, IEnumerable<DatasetSplit> splits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(splits);
        Kind = kind;
        Name = name;
        Root = root;
        var list = splits.ToArray();
        var duplicate = list.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Split '{duplicate.Key}' appears more than once.", nameof(splits));
        Splits = Array.AsReadOnly(list);
    }

    /// <summary>The format the data set was read as.</summary>
    public DatasetKind Kind { get; }

    /// <summary>A display name, e.g. <c>CUB-200-2011</c>.</summary>
    public string Name { get; }

    /// <summary>The folder the data set was read from (absolute).</summary>
    public string Root { get; }

    /// <summary>The splits, in a fixed order per format (train first).</summary>
    public IReadOnlyList<DatasetSplit> Splits { get; }

    /// <summary>The split of this name, or a <see cref="DatasetException"/> listing the splits there are.</summary>
    public DatasetSplit this[string name] => TryGetSplit(name, out var split)
        ? split
        : throw new DatasetException(
            $"The {Name} data set at '{Root}' has no '{name}' split; its splits are: {string.Join(", ", Splits.Select(s => s.Name))}.");

    /// <summary>Looks a split up by name.</summary>
    public bool TryGetSplit(string name, out DatasetSplit split)
    {
        split = Splits.FirstOrDefault(s => s.Name == name)!;
        return split is not null;
    }

    /// <summary>True when a split of this name exists.</summary>
    public bool HasSplit(string name) => TryGetSplit(name, out _);

    /// <summary>The training split.</summary>
    public DatasetSplit Train => this[DatasetSplit.TrainName];

    /// <summary>The test split; In-Shop has none (use <see cref="Query"/> and <see cref="Gallery"/>).</summary>
    public DatasetSplit Test => this[DatasetSplit.TestName];

    /// <summary>In-Shop's query split.</summary>
    public DatasetSplit Query => this[DatasetSplit.QueryName];

    /// <summary>In-Shop's gallery split.</summary>
    public DatasetSplit Gallery => this[DatasetSplit.GalleryName];

    /// <inheritdoc/>
    public override string ToString() => $"{Name} at {Root} ({string.Join("; ", Splits)})";
}
