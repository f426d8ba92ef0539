namespace Mip.Retrieval.Stores;

/// <summary>One search result: the entry and its Euclidean distance to the query.</summary>
public sealed record SearchHit(long Id, string ContentHash, string Name, string? Label, bool HasImage, float Distance);
