namespace Mip.Service;

/// <summary>One search result as the API returns it.</summary>
public sealed record SearchResultDto(int Rank, long Id, string Name, string? Label, float Distance, string? ThumbnailUrl);

/// <summary>Answer to a search.</summary>
public sealed record SearchResponse(string Query, int K, double Milliseconds, IReadOnlyList<SearchResultDto> Results);

/// <summary>Answer to an add: the entry id, whether it was new, and its content hash.</summary>
public sealed record AddResponse(long Id, bool Added, string ContentHash, string Name);

/// <summary>Store statistics as the API returns them.</summary>
public sealed record StatsResponse(string Kind, long Count, int Dimension, long ImagesStored, long? SizeBytes, int ModelInputSize);

/// <summary>An error answer: what was wrong, naming the upload.</summary>
public sealed record ErrorResponse(string Error);
