namespace Mip.Retrieval.Indexing;

/// <summary>How <see cref="GalleryIndexer"/> runs.</summary>
public sealed record IndexOptions
{
    /// <summary>Images embedded and committed together; each batch is one transaction, acknowledged after commit.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Keep each image's bytes in the store (for thumbnails) rather than only its path.</summary>
    public bool StoreImageBytes { get; init; }

    /// <summary>Label each entry with the name of its parent folder (class folders).</summary>
    public bool LabelFromFolder { get; init; } = true;
}
