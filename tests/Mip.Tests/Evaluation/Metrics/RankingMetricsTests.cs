using Mip.Evaluation;
using Mip.Evaluation.Metrics;
using Mip.Evaluation.Search;

namespace Mip.Tests.Evaluation.Metrics;

/// <summary>Recall@k, mAP_c, MAP@R and R-precision on rankings worked out by hand.</summary>
public class RankingMetricsTests
{
    private const double Tolerance = 1e-12;

    // Separate gallery: labels 0, 0, 1, 1, 2 (class sizes 2, 2, 1); three queries of labels 0, 1, 2.
    private static readonly int[] GalleryLabels = [0, 0, 1, 1, 2];
    private static readonly int[] QueryLabels = [0, 1, 2];

    private static TopKResult SeparateGalleryRankings() => TopKResult.FromRankings(
        [[2, 0, 3, 1, 4], [3, 4, 2, 0, 1], [0, 1, 2, 3, 4]], GalleryLabels.Length, SearchExclusion.QueryGallery);

    [Fact]
    public void RecallCountsQueriesWithAHitInTheFirstK()
    {
        var ranks = SeparateGalleryRankings();
        // Query 0 first hits at rank 2, query 1 at rank 1, query 2 (the lone class-2 item is ranked 5th) at rank 5.
        Assert.Equal(1.0 / 3, RecallAtK.Compute(ranks, QueryLabels, GalleryLabels, 1), Tolerance);
        Assert.Equal(2.0 / 3, RecallAtK.Compute(ranks, QueryLabels, GalleryLabels, 2), Tolerance);
        Assert.Equal(2.0 / 3, RecallAtK.Compute(ranks, QueryLabels, GalleryLabels, 4), Tolerance);
        Assert.Equal(1.0, RecallAtK.Compute(ranks, QueryLabels, GalleryLabels, 5), Tolerance);

        var many = RecallAtK.Compute(ranks, QueryLabels, GalleryLabels, [4, 1, 2]);
        Assert.Equal([1, 2, 4], many.Keys);
        Assert.Throws<ArgumentOutOfRangeException>(() => RecallAtK.Compute(ranks, QueryLabels, GalleryLabels, 6));
    }

    [Fact]
    public void MapMetricsOnASeparateGallery()
    {
        var ranks = SeparateGalleryRankings();
        // Nothing excluded, so R is the class size for both definitions.
        // q0: R = 2, ranks [miss, hit] -> (1/2) / 2 = 1/4. q1: R = 2, [hit, miss] -> 1 / 2. q2: R = 1, [miss] -> 0.
        Assert.Equal((0.25 + 0.5 + 0) / 3, MeanAveragePrecisionAtClassSize.Compute(ranks, QueryLabels, GalleryLabels), Tolerance);
        Assert.Equal((0.25 + 0.5 + 0) / 3, MapAtR.Compute(ranks, QueryLabels, GalleryLabels), Tolerance);
        // R-precision: q0 1/2, q1 1/2, q2 0.
        Assert.Equal((0.5 + 0.5 + 0) / 3, RPrecision.Compute(ranks, QueryLabels, GalleryLabels), Tolerance);
    }

    [Fact]
    public void SelfSearchSeparatesMapAtClassSizeFromMapAtR()
    {
        // Four items of labels 0, 0, 0, 1 searched against themselves; each ranking already lacks the query.
        int[] labels = [0, 0, 0, 1];
        var ranks = TopKResult.FromRankings([[1, 3, 2], [0, 2, 3], [3, 0, 1], [0, 1, 2]], 4, SearchExclusion.SelfExcluded);

        // mAP_c, R = class size including the query (3 for label 0, 1 for label 1):
        // q0 [hit, miss, hit] -> (1 + 2/3) / 3 = 5/9; q1 [hit, hit, miss] -> 2/3; q2 [miss, hit, hit] -> (1/2 + 2/3) / 3 = 7/18;
        // q3 [miss] -> 0.
        Assert.Equal((5.0 / 9 + 2.0 / 3 + 7.0 / 18 + 0) / 4, MeanAveragePrecisionAtClassSize.Compute(ranks, labels, labels), Tolerance);

        // MAP@R, R = class size minus the query (2, 2, 2, 0): q0 [hit, miss] -> 1/2; q1 [hit, hit] -> 1; q2 [miss, hit]
        // -> (1/2) / 2 = 1/4; q3 has nothing relevant and is left out.
        Assert.Equal((0.5 + 1 + 0.25) / 3, MapAtR.Compute(ranks, labels, labels), Tolerance);
        Assert.Equal((0.5 + 1 + 0.5) / 3, RPrecision.Compute(ranks, labels, labels), Tolerance);
        Assert.Equal(0.5, RecallAtK.Compute(ranks, labels, labels, 1), Tolerance);
    }

    [Fact]
    public void PerfectSelfSearchScoresOneOnMapAtRButAtMostRMinusOneOverROnMapAtClassSize()
    {
        int[] labels = [0, 0, 0, 1, 1];
        var ranks = TopKResult.FromRankings(
            [[1, 2, 3, 4], [0, 2, 3, 4], [0, 1, 3, 4], [4, 0, 1, 2], [3, 0, 1, 2]], 5, SearchExclusion.SelfExcluded);
        Assert.Equal(1.0, MapAtR.Compute(ranks, labels, labels), Tolerance);
        Assert.Equal(1.0, RPrecision.Compute(ranks, labels, labels), Tolerance);
        Assert.Equal((3 * (2.0 / 3) + 2 * (1.0 / 2)) / 5, MeanAveragePrecisionAtClassSize.Compute(ranks, labels, labels), Tolerance);
        Assert.False(MeanAveragePrecisionAtClassSize.NeedsMoreNeighbours(ranks, labels, labels));
    }

    [Fact]
    public void ShortRankingsCapRForMapAtRAndCountAsMissesForMapAtClassSize()
    {
        // One class of 4 in a self-search, but only 2 neighbours kept: Musgrave's R = 3 is capped at 2.
        int[] labels = [0, 0, 0, 0];
        var ranks = TopKResult.FromRankings([[1, 2], [0, 2], [0, 1], [0, 1]], 4, SearchExclusion.SelfExcluded);
        Assert.Equal(1.0, MapAtR.Compute(ranks, labels, labels), Tolerance);
        // mAP_c divides the two hits by the full class size 4: (1 + 1) / 4.
        Assert.Equal(0.5, MeanAveragePrecisionAtClassSize.Compute(ranks, labels, labels), Tolerance);
        Assert.True(MeanAveragePrecisionAtClassSize.NeedsMoreNeighbours(ranks, labels, labels));
    }

    [Fact]
    public void LabelsThatDoNotMatchTheSearchAreRejected()
    {
        var ranks = SeparateGalleryRankings();
        var e = Assert.Throws<EvaluationInputException>(() => MapAtR.Compute(ranks, [0, 1], GalleryLabels));
        Assert.Contains("2 query labels", e.Message);
        e = Assert.Throws<EvaluationInputException>(() => RecallAtK.Compute(ranks, QueryLabels, [0, 1], 1));
        Assert.Contains("2 gallery labels", e.Message);
    }
}
