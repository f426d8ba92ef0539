namespace Mip.Data;

/// <summary>Reads one on-disk data-set format.</summary>
public interface IDatasetReader
{
    /// <summary>The format this reader handles.</summary>
    DatasetKind Kind { get; }

    /// <summary>
    /// Whether <paramref name="root"/> looks like this format (its marker files or folders are there). Cheap, never
    /// throws; a true answer does not promise that <see cref="Read"/> succeeds.
    /// </summary>
    bool CanRead(string root);

    /// <summary>Reads the data set, or throws a <see cref="DatasetException"/> saying what is missing or malformed.</summary>
    Dataset Read(string root, DatasetReadOptions options);
}
