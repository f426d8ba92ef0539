namespace Mip.Retrieval.Stores;

/// <summary>
/// A gallery of image embeddings keyed by the SHA-256 of the image content. Every method is safe to call from many
/// threads at once. A call that returns has made its change durable: an <see cref="Add"/> that returned survives a
/// crash of the process that made it.
/// </summary>
public interface IEmbeddingStore : IDisposable
{
    /// <summary>Length of every stored vector.</summary>
    int Dimension { get; }

    /// <summary>
    /// Adds an entry, or returns the existing one when an entry with the same content hash is already there (the
    /// stored metadata then stays as it was). Returns once the entry is committed.
    /// </summary>
    StoreAddResult Add(GalleryEntry entry);

    /// <summary>
    /// Adds several entries in one transaction (same rules as <see cref="Add"/>); returns when all are committed,
    /// results in input order.
    /// </summary>
    IReadOnlyList<StoreAddResult> AddRange(IReadOnlyList<GalleryEntry> entries);

    /// <summary>Removes the entry with this id; false when there is none.</summary>
    bool Delete(long id);

    /// <summary>The entry with this content hash (lower-case hex SHA-256), or null.</summary>
    StoredEntry? FindByHash(string contentHash);

    /// <summary>The entry with this id, or null.</summary>
    StoredEntry? Find(long id);

    /// <summary>The stored image bytes of an entry, or null when the entry or its bytes are absent.</summary>
    byte[]? ReadImage(long id);

    /// <summary>Content hashes of every entry, for skipping known images when indexing.</summary>
    IReadOnlySet<string> KnownHashes();

    /// <summary>Number of entries and where they live.</summary>
    StoreStats Stats();

    /// <summary>The <paramref name="k"/> nearest entries to <paramref name="vector"/> by Euclidean distance, nearest first.</summary>
    IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> vector, int k);

    /// <summary>Every entry in id order, without image bytes.</summary>
    IEnumerable<StoredEntry> Enumerate();
}
