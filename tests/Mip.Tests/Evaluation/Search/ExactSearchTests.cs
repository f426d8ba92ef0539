using Mip.Evaluation;
using Mip.Evaluation.Search;

namespace Mip.Tests.Evaluation.Search;

public class ExactSearchTests
{
    // Points 0, 1, 3, 6, 10 on a line; squared distances worked out by hand.
    private static readonly double[] Line = [0, 1, 3, 6, 10];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1024)]
    public void SelfSearchOnALineMatchesHandComputedNeighbours(int blockSize)
    {
        using var points = Points.OnLine(Line);
        var result = ExactSearch.Search(points, points, 2, SearchExclusion.SelfExcluded, blockSize);

        Assert.Equal(2, result.K);
        Assert.Equal([1, 2], result.NeighboursOf(0).ToArray());
        Assert.Equal([1f, 9f], result.DistancesOf(0).ToArray());
        Assert.Equal([0, 2], result.NeighboursOf(1).ToArray());
        Assert.Equal([1f, 4f], result.DistancesOf(1).ToArray());
        // Point 3 is 9 away from both 0 and 6: the tie at the second place goes to the lower gallery row.
        Assert.Equal([1, 0], result.NeighboursOf(2).ToArray());
        Assert.Equal([4f, 9f], result.DistancesOf(2).ToArray());
        Assert.Equal([2, 4], result.NeighboursOf(3).ToArray());
        Assert.Equal([3, 2], result.NeighboursOf(4).ToArray());
        Assert.Equal([16f, 49f], result.DistancesOf(4).ToArray());
    }

    [Fact]
    public void QueryGalleryExcludesNothingAndOrdersEqualDistancesByRow()
    {
        using var gallery = Points.OnLine(Line);
        using var query = Points.OnLine(2, 0);
        var result = ExactSearch.Search(query, gallery, 3, SearchExclusion.QueryGallery);

        Assert.Equal([1, 2, 0], result.NeighboursOf(0).ToArray());
        Assert.Equal([1f, 1f, 4f], result.DistancesOf(0).ToArray());
        // The query at 0 finds the gallery item at 0 itself: nothing is excluded.
        Assert.Equal([0, 1, 2], result.NeighboursOf(1).ToArray());
        Assert.Equal(0f, result.DistancesOf(1)[0]);
    }

    [Fact]
    public void KIsLoweredToTheNeighboursLeftAfterExclusion()
    {
        using var points = Points.OnLine(Line);
        Assert.Equal(4, ExactSearch.Search(points, points, 50, SearchExclusion.SelfExcluded).K);
        Assert.Equal(5, ExactSearch.Search(points, points, 50, SearchExclusion.QueryGallery).K);
        Assert.Equal(4, ExactSearch.Search(points, points, 50, SearchExclusion.CrossPaper).K);
        var strict = SearchExclusion.CrossStrict([7, 8, 9, 10, 11], [7, 7, 9, 10, 11]);
        // Query id 7 matches two gallery rows, so every query keeps at most 5 - 2 neighbours.
        Assert.Equal(3, ExactSearch.Search(points, points, 50, strict).K);
    }

    [Fact]
    public void StrictRuleExcludesEveryGalleryCopyOfTheSourceImage()
    {
        using var points = Points.OnLine(Line);
        var strict = SearchExclusion.CrossStrict([7, 8, 9, 10, 11], [7, 7, 9, 10, 11]);
        var result = ExactSearch.Search(points, points, 3, strict);
        // Query 0 (id 7) loses gallery rows 0 and 1. Query 1 (id 8) has no copy in the gallery, so the gallery row at
        // the very same point (row 1, id 7) stays and comes first.
        Assert.Equal([2, 3, 4], result.NeighboursOf(0).ToArray());
        Assert.Equal([1, 0, 2], result.NeighboursOf(1).ToArray());
        Assert.Equal([1, 0, 3], result.NeighboursOf(2).ToArray());
    }

    public static TheoryData<SearchProtocol> Protocols =>
        [SearchProtocol.SelfExcluded, SearchProtocol.QueryGallery, SearchProtocol.CrossStrict, SearchProtocol.CrossPaper];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void BlockedSearchEqualsNaiveSearchOnRandomData(SearchProtocol protocol)
    {
        bool self = protocol == SearchProtocol.SelfExcluded;
        using var gallery = Points.RandomNormalised(53, 8, seed: 1);
        using var queries = self ? gallery.clone() : Points.RandomNormalised(37, 8, seed: 2);
        var exclusion = ExclusionFor(protocol, (int)queries.shape[0], 53);

        var naive = NaiveSearch.Search(queries, gallery, 10, exclusion);
        foreach (int blockSize in new[] { 1, 6, 37, 1000 })
        {
            var blocked = ExactSearch.Search(queries, gallery, 10, exclusion, blockSize);
            Assert.Equal(naive.K, blocked.K);
            for (int q = 0; q < naive.QueryCount; q++)
            {
                Assert.Equal(naive.NeighboursOf(q).ToArray(), blocked.NeighboursOf(q).ToArray());
                for (int i = 0; i < naive.K; i++)
                    Assert.Equal(naive.DistancesOf(q)[i], blocked.DistancesOf(q)[i], 1e-5f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void BlockedAndNaiveSearchFollowTheTieRuleOnDataFullOfTies(SearchProtocol protocol)
    {
        // Coordinates in {-1, 0, 1}: 3^3 = 27 possible points for 60 rows, so most distances tie, also at the k-th place.
        bool self = protocol == SearchProtocol.SelfExcluded;
        var (gallery, galleryValues) = Points.Grid(60, 3, seed: 3);
        var (queries, queryValues) = self ? (gallery.clone(), galleryValues) : Points.Grid(25, 3, seed: 4);
        using var g = gallery;
        using var q = queries;
        int queryCount = queryValues.Length / 3;
        var exclusion = ExclusionFor(protocol, queryCount, 60);

        var naive = NaiveSearch.Search(q, g, 7, exclusion);
        var blocked = ExactSearch.Search(q, g, 7, exclusion, blockSize: 4);
        for (int query = 0; query < queryCount; query++)
        {
            int[] expected = BruteForce(queryValues, galleryValues, 3, query, 7, exclusion);
            Assert.Equal(expected, naive.NeighboursOf(query).ToArray());
            Assert.Equal(expected, blocked.NeighboursOf(query).ToArray());
        }
    }

    [Fact]
    public void InputsThatDoNotFitAreRejectedWithTheirNames()
    {
        using var twoD = Points.OnLine(0, 1, 2);
        using var threeD = Points.Rows(3, 0, 0, 1, 1, 0, 0);
        var e = Assert.Throws<EvaluationInputException>(() => ExactSearch.Search(twoD, threeD, 1, SearchExclusion.QueryGallery));
        Assert.Contains("dimensions", e.Message);

        using var withNaN = Points.Rows(2, 0, 0, float.NaN, 1);
        e = Assert.Throws<EvaluationInputException>(() => ExactSearch.Search(withNaN, twoD, 1, SearchExclusion.QueryGallery));
        Assert.Contains("query embeddings contain NaN", e.Message);

        using var two = Points.OnLine(0, 1);
        e = Assert.Throws<EvaluationInputException>(() => ExactSearch.Search(two, twoD, 1, SearchExclusion.SelfExcluded));
        Assert.Contains("self-excluded", e.Message);

        e = Assert.Throws<EvaluationInputException>(() => ExactSearch.Search(two, twoD, 1, SearchExclusion.CrossStrict([1], [1, 2, 3])));
        Assert.Contains("1 query image ids for 2 queries", e.Message);

        e = Assert.Throws<EvaluationInputException>(() => SearchExclusion.For(SearchProtocol.CrossStrict, null, [1L]));
        Assert.Contains("query image ids", e.Message);

        using var one = Points.OnLine(0);
        e = Assert.Throws<EvaluationInputException>(() => ExactSearch.Search(one, one, 1, SearchExclusion.SelfExcluded));
        Assert.Contains("no neighbour", e.Message);
    }

    private static SearchExclusion ExclusionFor(SearchProtocol protocol, int queryCount, int galleryCount)
    {
        if (protocol != SearchProtocol.CrossStrict) return SearchExclusion.For(protocol);
        // Query i comes from source image i; gallery rows carry ids 0..G-1 with every third id repeated once.
        long[] queryIds = Enumerable.Range(0, queryCount).Select(i => (long)i).ToArray();
        long[] galleryIds = Enumerable.Range(0, galleryCount).Select(i => (long)(i % 3 == 2 ? i - 1 : i)).ToArray();
        return SearchExclusion.CrossStrict(queryIds, galleryIds);
    }

    /// <summary>Independent oracle: exact double distances, excluded rows removed, sorted by (distance, row).</summary>
    private static int[] BruteForce(float[] queries, float[] gallery, int d, int query, int k, SearchExclusion exclusion)
    {
        var excluded = exclusion.ExcludedGalleryRows(query).ToArray();
        var ranked = Enumerable.Range(0, gallery.Length / d)
            .Where(g => !excluded.Contains(g))
            .Select(g => (Row: g, Distance: Enumerable.Range(0, d).Sum(j => Math.Pow(queries[query * d + j] - gallery[g * d + j], 2))))
            .OrderBy(x => x.Distance).ThenBy(x => x.Row)
            .Select(x => x.Row)
            .Skip(exclusion.DroppedLeadingNeighbours);
        int kept = Math.Min(k, gallery.Length / d - exclusion.MaxExcludedPerQuery(queries.Length / d) - exclusion.DroppedLeadingNeighbours);
        return ranked.Take(kept).ToArray();
    }
}
