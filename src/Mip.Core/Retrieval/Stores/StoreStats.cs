namespace Mip.Retrieval.Stores;

/// <summary>Size and location of a store.</summary>
/// <param name="Kind">"sqlite" or "pgvector".</param>
/// <param name="Location">File path, or the server and database (never the password).</param>
/// <param name="Count">Number of entries.</param>
/// <param name="Dimension">Vector length.</param>
/// <param name="ImagesStored">Entries that keep their image bytes.</param>
/// <param name="SizeBytes">Bytes on disk, when known.</param>
public sealed record StoreStats(string Kind, string Location, long Count, int Dimension, long ImagesStored, long? SizeBytes);
