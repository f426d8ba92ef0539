namespace Mip.Retrieval.Indexing;

/// <summary>Where an indexing run stands: files seen so far out of the total, and what became of them.</summary>
public readonly record struct IndexProgress(int Processed, int Total, int Added, int Skipped, int Failed);
