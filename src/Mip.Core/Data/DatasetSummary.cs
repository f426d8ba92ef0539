namespace Mip.Data;

/// <summary>The counts of a data set, per split and overall, for printing.</summary>
/// <param name="Name">The data set's display name.</param>
/// <param name="Kind">Its format.</param>
/// <param name="Root">The folder it was read from.</param>
/// <param name="Splits">One entry per split, in the data set's order.</param>
/// <param name="ClassCount">Distinct classes over all splits (In-Shop's query and gallery share theirs).</param>
/// <param name="ImageCount">Images over all splits.</param>
public sealed record DatasetSummary(
    string Name, DatasetKind Kind, string Root, IReadOnlyList<SplitSummary> Splits, int ClassCount, int ImageCount)
{
    /// <summary>Counts the classes and images of <paramref name="dataset"/>.</summary>
    public static DatasetSummary Of(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var splits = dataset.Splits.Select(s => new SplitSummary(s.Name, s.ClassCount, s.Count)).ToArray();
        int classes = dataset.Splits.SelectMany(s => s.ClassLabels).Distinct().Count();
        int images = dataset.Splits.Sum(s => s.Count);
        return new DatasetSummary(dataset.Name, dataset.Kind, dataset.Root, splits, classes, images);
    }
}
