namespace Mip.Retrieval.Stores;

/// <summary>Outcome of <see cref="IEmbeddingStore.Add"/>: the entry's id and whether it was new.</summary>
public readonly record struct StoreAddResult(long Id, bool Added);
