namespace Mip.Evaluation.Search;

/// <summary>
/// The exclusion rule of a <see cref="SearchProtocol"/>: which gallery items are masked out for each query before
/// ranking, and how many leading neighbours are dropped after ranking. Immutable.
/// </summary>
public sealed class SearchExclusion
{
    private static readonly int[] NoIndices = [];

    private readonly long[]? _queryImageIds;
    private readonly long[]? _galleryImageIds;
    private Dictionary<long, int[]>? _galleryRowsById;

    private SearchExclusion(SearchProtocol protocol, long[]? queryImageIds, long[]? galleryImageIds)
    {
        Protocol = protocol;
        _queryImageIds = queryImageIds;
        _galleryImageIds = galleryImageIds;
    }

    /// <summary>The protocol this rule implements.</summary>
    public SearchProtocol Protocol { get; }

    /// <summary>Query i never retrieves gallery item i.</summary>
    public static SearchExclusion SelfExcluded { get; } = new(SearchProtocol.SelfExcluded, null, null);

    /// <summary>Nothing is excluded.</summary>
    public static SearchExclusion QueryGallery { get; } = new(SearchProtocol.QueryGallery, null, null);

    /// <summary>The first neighbour of every ranking is dropped, whatever it is (the paper's code).</summary>
    public static SearchExclusion CrossPaper { get; } = new(SearchProtocol.CrossPaper, null, null);

    /// <summary>Gallery items whose source-image id equals the query's are excluded.</summary>
    public static SearchExclusion CrossStrict(IReadOnlyCollection<long> queryImageIds, IReadOnlyCollection<long> galleryImageIds)
    {
        if (queryImageIds is null) throw new EvaluationInputException("The strict cross-set protocol needs the query image ids, but none were given.");
        if (galleryImageIds is null) throw new EvaluationInputException("The strict cross-set protocol needs the gallery image ids, but none were given.");
        return new SearchExclusion(SearchProtocol.CrossStrict, queryImageIds.ToArray(), galleryImageIds.ToArray());
    }

    /// <summary>The rule of <paramref name="protocol"/>; image ids are needed (and only used) for <see cref="SearchProtocol.CrossStrict"/>.</summary>
    public static SearchExclusion For(SearchProtocol protocol, long[]? queryImageIds = null, long[]? galleryImageIds = null) =>
        protocol switch
        {
            SearchProtocol.SelfExcluded => SelfExcluded,
            SearchProtocol.QueryGallery => QueryGallery,
            SearchProtocol.CrossPaper => CrossPaper,
            SearchProtocol.CrossStrict => CrossStrict(queryImageIds!, galleryImageIds!),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown search protocol."),
        };

    /// <summary>Neighbours dropped from the head of every ranking after sorting (1 for the paper rule, else 0).</summary>
    public int DroppedLeadingNeighbours => Protocol == SearchProtocol.CrossPaper ? 1 : 0;

    /// <summary>Throws <see cref="EvaluationInputException"/> when this rule cannot apply to sets of these sizes.</summary>
    public void Validate(int queryCount, int galleryCount)
    {
        if (Protocol == SearchProtocol.SelfExcluded && queryCount != galleryCount)
            throw new EvaluationInputException(
                $"The self-excluded protocol searches one set against itself, but the query set has {queryCount} rows " +
                $"and the gallery {galleryCount}.");
        if (Protocol == SearchProtocol.CrossStrict)
        {
            if (_queryImageIds!.Length != queryCount)
                throw new EvaluationInputException(
                    $"The strict cross-set protocol got {_queryImageIds.Length} query image ids for {queryCount} queries.");
            if (_galleryImageIds!.Length != galleryCount)
                throw new EvaluationInputException(
                    $"The strict cross-set protocol got {_galleryImageIds.Length} gallery image ids for {galleryCount} gallery items.");
        }
    }

    /// <summary>Gallery rows masked out for <paramref name="query"/> before ranking, in ascending order.</summary>
    public ReadOnlySpan<int> ExcludedGalleryRows(int query)
    {
        switch (Protocol)
        {
            case SearchProtocol.SelfExcluded:
                return new[] { query };
            case SearchProtocol.CrossStrict:
                return GalleryRowsById().TryGetValue(_queryImageIds![query], out int[]? rows) ? rows : NoIndices;
            default:
                return NoIndices;
        }
    }

    /// <summary>The largest number of gallery rows masked out for any one query.</summary>
    public int MaxExcludedPerQuery(int queryCount)
    {
        int max = 0;
        if (Protocol == SearchProtocol.SelfExcluded) return queryCount > 0 ? 1 : 0;
        if (Protocol != SearchProtocol.CrossStrict) return 0;
        for (int q = 0; q < queryCount; q++) max = Math.Max(max, ExcludedGalleryRows(q).Length);
        return max;
    }

    /// <summary>
    /// Number of gallery items relevant to each query once the query itself is set aside (Musgrave et al.'s R):
    /// gallery items of the query's label, minus those masked out for it; under the paper rule minus one more for
    /// the dropped neighbour, which that rule assumes to be the query's own copy. Never negative.
    /// </summary>
    public int[] RelevantCounts(IReadOnlyList<int> queryLabels, IReadOnlyList<int> galleryLabels)
    {
        ArgumentNullException.ThrowIfNull(queryLabels);
        ArgumentNullException.ThrowIfNull(galleryLabels);
        Validate(queryLabels.Count, galleryLabels.Count);
        var classSizes = ClassSizes(galleryLabels);
        var counts = new int[queryLabels.Count];
        for (int q = 0; q < counts.Length; q++)
        {
            int label = queryLabels[q];
            int relevant = classSizes.GetValueOrDefault(label);
            foreach (int row in ExcludedGalleryRows(q))
                if (galleryLabels[row] == label) relevant--;
            relevant -= DroppedLeadingNeighbours;
            counts[q] = Math.Max(relevant, 0);
        }
        return counts;
    }

    /// <summary>Number of gallery items of each label.</summary>
    internal static Dictionary<int, int> ClassSizes(IReadOnlyList<int> galleryLabels)
    {
        var sizes = new Dictionary<int, int>();
        foreach (int label in galleryLabels) sizes[label] = sizes.GetValueOrDefault(label) + 1;
        return sizes;
    }

    private Dictionary<long, int[]> GalleryRowsById()
    {
        // Built lazily and published atomically: the rule is immutable, so a duplicate build by a racing thread is harmless.
        if (_galleryRowsById is { } built) return built;
        var rows = new Dictionary<long, List<int>>();
        for (int g = 0; g < _galleryImageIds!.Length; g++)
        {
            if (!rows.TryGetValue(_galleryImageIds[g], out var list)) rows[_galleryImageIds[g]] = list = [];
            list.Add(g);
        }
        var frozen = rows.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        _galleryRowsById = frozen;
        return frozen;
    }
}
