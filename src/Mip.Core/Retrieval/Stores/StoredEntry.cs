namespace Mip.Retrieval.Stores;

/// <summary>An entry as stored: id assigned by the store, metadata and the embedding (no image bytes).</summary>
public sealed record StoredEntry(long Id, string ContentHash, string Name, string? Label, bool HasImage, float[] Vector);
