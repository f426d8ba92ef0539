namespace Mip.Evaluation.Search;

/// <summary>
/// The K nearest gallery rows of every query, nearest first, after the exclusion rule was applied. Ties in distance
/// are ordered by ascending gallery row. Stored row-major in managed arrays: int32 indices (half the size of int64,
/// which matters at K = 1,000 over 60,000 queries) and float32 squared Euclidean distances.
/// </summary>
public sealed class TopKResult
{
    private readonly int[] _indices;
    private readonly float[] _distances;

    /// <summary>Wraps row-major [queryCount, K] neighbour rows and their distances.</summary>
    public TopKResult(int queryCount, int galleryCount, int[] indices, float[] distances, SearchExclusion exclusion)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(exclusion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(galleryCount);
        if (indices.Length % queryCount != 0 || indices.Length == 0)
            throw new ArgumentException($"{indices.Length} neighbour indices do not split into {queryCount} equal non-empty rows.", nameof(indices));
        if (distances.Length != indices.Length)
            throw new ArgumentException($"{distances.Length} distances for {indices.Length} neighbour indices.", nameof(distances));
        foreach (int index in indices)
            if ((uint)index >= (uint)galleryCount)
                throw new ArgumentException($"Neighbour index {index} is outside the gallery of {galleryCount} rows.", nameof(indices));
        QueryCount = queryCount;
        GalleryCount = galleryCount;
        K = indices.Length / queryCount;
        _indices = indices;
        _distances = distances;
        Exclusion = exclusion;
    }

    /// <summary>
    /// A result from explicit rankings (one gallery-row list per query, all the same length), with unknown (NaN)
    /// distances; for metrics on rankings computed elsewhere.
    /// </summary>
    public static TopKResult FromRankings(IReadOnlyList<int[]> rankings, int galleryCount, SearchExclusion exclusion)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        if (rankings.Count == 0) throw new ArgumentException("At least one ranking is needed.", nameof(rankings));
        int k = rankings[0].Length;
        var indices = new int[rankings.Count * k];
        for (int q = 0; q < rankings.Count; q++)
        {
            if (rankings[q].Length != k)
                throw new ArgumentException($"Ranking {q} has {rankings[q].Length} entries, ranking 0 has {k}.", nameof(rankings));
            rankings[q].CopyTo(indices, q * k);
        }
        var distances = new float[indices.Length];
        Array.Fill(distances, float.NaN);
        return new TopKResult(rankings.Count, galleryCount, indices, distances, exclusion);
    }

    /// <summary>Number of queries (rows).</summary>
    public int QueryCount { get; }

    /// <summary>Number of gallery items searched.</summary>
    public int GalleryCount { get; }

    /// <summary>Neighbours kept per query.</summary>
    public int K { get; }

    /// <summary>The exclusion rule the search applied.</summary>
    public SearchExclusion Exclusion { get; }

    /// <summary>Gallery rows of the neighbours of <paramref name="query"/>, nearest first.</summary>
    public ReadOnlySpan<int> NeighboursOf(int query) => _indices.AsSpan(RowStart(query), K);

    /// <summary>Squared Euclidean distances of the neighbours of <paramref name="query"/>, ascending.</summary>
    public ReadOnlySpan<float> DistancesOf(int query) => _distances.AsSpan(RowStart(query), K);

    private int RowStart(int query)
    {
        if ((uint)query >= (uint)QueryCount)
            throw new ArgumentOutOfRangeException(nameof(query), query, $"There are {QueryCount} queries.");
        return query * K;
    }
}
