using Mip.Evaluation;
using Mip.Evaluation.Metrics;
using Mip.Evaluation.Search;

namespace Mip.Tests.Evaluation.Metrics;

/// <summary>
/// A clean query set against a triggered gallery where the trigger moved one image's copy away from it: the strict
/// rule (exclude the copy by image id) and the paper rule (drop the first neighbour) then disagree.
/// </summary>
public class CrossSetProtocolTests
{
    // Queries (clean) on a line: image 0 at 0 (label 0), image 1 at 5 (label 1), image 2 at 10 (label 1).
    private static readonly double[] QueryPositions = [0, 5, 10];
    private static readonly int[] QueryLabels = [0, 1, 1];
    private static readonly long[] QueryIds = [0, 1, 2];

    // Gallery (triggered): image 0 at 0.5, image 1 moved to 8, image 2 at 10.25, and image 3 (label 0) at 4.5.
    private static readonly double[] GalleryPositions = [0.5, 8, 10.25, 4.5];
    private static readonly int[] GalleryLabels = [0, 1, 1, 0];
    private static readonly long[] GalleryIds = [0, 1, 2, 3];

    // Squared distances: q0 -> g0 0.25, g3 20.25, g1 64, g2 105.06: ranking [0, 3, 1, 2].
    //                    q1 -> g3 0.25, g1 9, g0 20.25, g2 27.56:   ranking [3, 1, 0, 2] (own copy second).
    //                    q2 -> g2 0.0625, g1 4, g3 30.25, g0 90.25: ranking [2, 1, 3, 0].
    // Strict drops each query's own copy: [3, 1, 2], [3, 0, 2], [1, 3, 0].
    // Paper drops each first neighbour:   [3, 1, 2], [1, 0, 2], [1, 3, 0]  (q1 keeps its own copy at rank 1).

    [Fact]
    public void SearchDropsTheOwnCopyUnderStrictAndTheFirstNeighbourUnderPaper()
    {
        var (strict, paper) = Search();
        Assert.Equal([3, 1, 2], strict.NeighboursOf(0).ToArray());
        Assert.Equal([3, 0, 2], strict.NeighboursOf(1).ToArray());
        Assert.Equal([1, 3, 0], strict.NeighboursOf(2).ToArray());
        Assert.Equal([3, 1, 2], paper.NeighboursOf(0).ToArray());
        Assert.Equal([1, 0, 2], paper.NeighboursOf(1).ToArray());
        Assert.Equal([1, 3, 0], paper.NeighboursOf(2).ToArray());
    }

    [Fact]
    public void StrictAndPaperRulesGiveDifferentScores()
    {
        var (strict, paper) = Search();

        // R@1: strict q1 finds g3 (label 0), a miss -> 2/3; under the paper rule q1 finds its own copy -> 3/3.
        Assert.Equal(2.0 / 3, RecallAtK.Compute(strict, QueryLabels, GalleryLabels, 1), 1e-12);
        Assert.Equal(1.0, RecallAtK.Compute(paper, QueryLabels, GalleryLabels, 1), 1e-12);

        // mAP_c, R = 2 for every query (both classes have two gallery items):
        // strict: q0 [hit, miss] 1/2, q1 [miss, miss] 0, q2 [hit, miss] 1/2 -> 1/3; paper: 1/2 each -> 1/2.
        Assert.Equal(1.0 / 3, MeanAveragePrecisionAtClassSize.Compute(strict, QueryLabels, GalleryLabels), 1e-12);
        Assert.Equal(0.5, MeanAveragePrecisionAtClassSize.Compute(paper, QueryLabels, GalleryLabels), 1e-12);

        // MAP@R, R = 1 for every query: strict q1's first neighbour misses -> 2/3; paper -> 1.
        Assert.Equal(2.0 / 3, MapAtR.Compute(strict, QueryLabels, GalleryLabels), 1e-12);
        Assert.Equal(1.0, MapAtR.Compute(paper, QueryLabels, GalleryLabels), 1e-12);
        Assert.Equal(2.0 / 3, RPrecision.Compute(strict, QueryLabels, GalleryLabels), 1e-12);
        Assert.Equal(1.0, RPrecision.Compute(paper, QueryLabels, GalleryLabels), 1e-12);
    }

    [Fact]
    public void EvaluatorReportsBothRules()
    {
        using var queries = Points.OnLine(QueryPositions);
        using var gallery = Points.OnLine(GalleryPositions);
        var querySet = new EmbeddingSet(queries, QueryLabels, QueryIds, "clean queries");
        var gallerySet = new EmbeddingSet(gallery, GalleryLabels, GalleryIds, "triggered gallery");
        var options = new RetrievalEvaluationOptions { RecallKs = [1], ComputeClustering = false };

        var strict = RetrievalEvaluator.Evaluate(querySet, gallerySet, SearchProtocol.CrossStrict, options);
        var paper = RetrievalEvaluator.Evaluate(querySet, gallerySet, SearchProtocol.CrossPaper, options);
        Assert.Equal(2.0 / 3, strict.RecallAtK[1], 1e-12);
        Assert.Equal(1.0, paper.RecallAtK[1], 1e-12);
        Assert.Equal(1.0 / 3, strict.MapAtClassSize, 1e-12);
        Assert.Equal(0.5, paper.MapAtClassSize, 1e-12);
        Assert.Equal(2.0 / 3, strict.MapAtR, 1e-12);
        Assert.Equal(1.0, paper.MapAtR, 1e-12);
        Assert.Null(strict.Nmi);

        var noIds = querySet with { ImageIds = null };
        var e = Assert.Throws<EvaluationInputException>(() => RetrievalEvaluator.Evaluate(noIds, gallerySet, SearchProtocol.CrossStrict, options));
        Assert.Contains("clean queries", e.Message);
    }

    private static (TopKResult Strict, TopKResult Paper) Search()
    {
        using var queries = Points.OnLine(QueryPositions);
        using var gallery = Points.OnLine(GalleryPositions);
        var strict = ExactSearch.Search(queries, gallery, 3, SearchExclusion.CrossStrict(QueryIds, GalleryIds));
        var paper = ExactSearch.Search(queries, gallery, 3, SearchExclusion.CrossPaper);
        return (strict, paper);
    }
}
