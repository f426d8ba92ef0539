namespace Mip.Retrieval.Indexing;

/// <summary>Outcome of an indexing run.</summary>
/// <param name="Found">Image files found under the folder.</param>
/// <param name="Added">New entries committed.</param>
/// <param name="AlreadyKnown">Files whose content hash the store (or an earlier file of this run) already had.</param>
/// <param name="Failed">Files that could not be read or decoded, with the reason; none of them was stored.</param>
public sealed record IndexReport(int Found, int Added, int AlreadyKnown, IReadOnlyList<IndexFailure> Failed);

/// <summary>A file the indexer could not add, and why.</summary>
public sealed record IndexFailure(string Path, string Reason);

/// <summary>An image committed to the store (reported only after its transaction committed).</summary>
public sealed record IndexedImage(long Id, string Path, string ContentHash);
