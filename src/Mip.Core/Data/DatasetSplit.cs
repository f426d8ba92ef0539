namespace Mip.Data;

/// <summary>A named subset of a data set's images (train, test, query or gallery).</summary>
public sealed class DatasetSplit
{
    /// <summary>Name of the training split.</summary>
    public const string TrainName = "train";

    /// <summary>Name of the test split (metric-learning data sets evaluate retrieval within it, leave-one-out).</summary>
    public const string TestName = "test";

    /// <summary>Name of In-Shop's query split.</summary>
    public const string QueryName = "query";

    /// <summary>Name of In-Shop's gallery split.</summary>
    public const string GalleryName = "gallery";

    /// <summary>Creates a split over <paramref name="images"/>, kept in the given order.</summary>
    public DatasetSplit(string name, IEnumerable<ImageRecord> images)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(images);
        Name = name;
        var list = images.ToArray();
        Images = Array.AsReadOnly(list);
        Labels = Array.AsReadOnly(list.Select(i => i.Label).ToArray());
        ClassLabels = Array.AsReadOnly(list.Select(i => i.Label).Distinct().Order().ToArray());
    }

    /// <summary>The split's name, e.g. <see cref="TrainName"/>.</summary>
    public string Name { get; }

    /// <summary>The images, in the data set's order.</summary>
    public IReadOnlyList<ImageRecord> Images { get; }

    /// <summary>The label of each image, aligned with <see cref="Images"/>.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The distinct class labels present, ascending.</summary>
    public IReadOnlyList<int> ClassLabels { get; }

    /// <summary>The number of distinct classes.</summary>
    public int ClassCount => ClassLabels.Count;

    /// <summary>The number of images.</summary>
    public int Count => Images.Count;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {ClassCount} classes, {Count} images";
}
