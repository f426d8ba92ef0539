using Mip.Evaluation;
using Mip.Evaluation.Metrics;
using Mip.Evaluation.Search;

namespace Mip.Tests.Evaluation;

public class RetrievalEvaluatorTests
{
    [Fact]
    public void WellSeparatedClassesScorePerfectlyInASelfSearch()
    {
        // Three classes of four points, tight around three far-apart directions.
        var random = new Random(3);
        float[] centres = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        var values = new float[12 * 3];
        var labels = new int[12];
        for (int i = 0; i < 12; i++)
        {
            labels[i] = i % 3;
            for (int j = 0; j < 3; j++) values[3 * i + j] = centres[3 * labels[i] + j] + (float)(random.NextDouble() * 0.1);
        }
        using var embeddings = Points.Rows(3, values);
        var scores = RetrievalEvaluator.EvaluateSelf(new EmbeddingSet(embeddings, labels));

        Assert.Equal(SearchProtocol.SelfExcluded, scores.Protocol);
        Assert.Equal(8, scores.NeighboursSearched); // max(R@8, largest class 4)
        Assert.All(scores.RecallAtK.Values, r => Assert.Equal(1.0, r));
        Assert.Equal([1, 2, 4, 8], scores.RecallAtK.Keys);
        Assert.Equal(1.0, scores.MapAtR, 1e-12);
        Assert.Equal(1.0, scores.RPrecision, 1e-12);
        Assert.Equal(3.0 / 4, scores.MapAtClassSize, 1e-12); // (R - 1) / R with R = 4
        Assert.False(scores.MapAtClassSizeIsLowerBound);
        Assert.Equal(1.0, scores.Nmi!.Value, 1e-12);
        Assert.Equal(1.0, scores.PairwiseF1!.Value, 1e-12);
    }

    [Fact]
    public void ScoresEqualTheMetricsOverTheNaiveSearch()
    {
        using var queries = Points.RandomNormalised(40, 6, seed: 21);
        using var gallery = Points.RandomNormalised(70, 6, seed: 22);
        var random = new Random(23);
        int[] queryLabels = Enumerable.Range(0, 40).Select(_ => random.Next(5)).ToArray();
        int[] galleryLabels = Enumerable.Range(0, 70).Select(_ => random.Next(5)).ToArray();
        var options = new RetrievalEvaluationOptions { SearchBlockSize = 7, KMeansSeed = 4 };

        var scores = RetrievalEvaluator.Evaluate(
            new EmbeddingSet(queries, queryLabels), new EmbeddingSet(gallery, galleryLabels), SearchProtocol.QueryGallery, options);

        int largestClass = galleryLabels.GroupBy(l => l).Max(g => g.Count());
        Assert.Equal(largestClass, scores.NeighboursSearched);
        var naive = NaiveSearch.Search(queries, gallery, largestClass, SearchExclusion.QueryGallery);
        foreach (int k in new[] { 1, 2, 4, 8 })
            Assert.Equal(RecallAtK.Compute(naive, queryLabels, galleryLabels, k), scores.RecallAtK[k], 1e-12);
        Assert.Equal(MeanAveragePrecisionAtClassSize.Compute(naive, queryLabels, galleryLabels), scores.MapAtClassSize, 1e-12);
        Assert.Equal(MapAtR.Compute(naive, queryLabels, galleryLabels), scores.MapAtR, 1e-12);
        Assert.Equal(RPrecision.Compute(naive, queryLabels, galleryLabels), scores.RPrecision, 1e-12);

        // Clustering: k-means on the gallery with k = 5 gallery classes, queries assigned to the nearest centroid.
        var model = KMeans.Fit(gallery, 5, seed: 4);
        int[] clusters = model.Assign(queries);
        Assert.Equal(NormalizedMutualInformation.Compute(queryLabels, clusters), scores.Nmi!.Value, 1e-12);
        Assert.Equal(PairwiseF1.Compute(queryLabels, clusters).F1, scores.PairwiseF1!.Value, 1e-12);
    }

    [Fact]
    public void MaxNeighboursCapsTheClassSizeMetricsButNotRecall()
    {
        using var embeddings = Points.RandomNormalised(30, 4, seed: 5);
        int[] labels = Enumerable.Repeat(0, 30).ToArray();
        var options = new RetrievalEvaluationOptions { RecallKs = [1, 4], MaxNeighbours = 3, ComputeClustering = false };
        var scores = RetrievalEvaluator.EvaluateSelf(new EmbeddingSet(embeddings, labels), options);
        Assert.Equal(4, scores.NeighboursSearched);
        Assert.True(scores.MapAtClassSizeIsLowerBound);
        Assert.Equal(1.0, scores.MapAtR, 1e-12); // R capped at the 4 neighbours, all relevant
        Assert.Equal(4.0 / 30, scores.MapAtClassSize, 1e-12);
    }

    [Fact]
    public void TooSmallAGalleryForTheRecallKIsReported()
    {
        using var embeddings = Points.OnLine(0, 1, 2, 3, 4);
        var set = new EmbeddingSet(embeddings, [0, 0, 1, 1, 1], Name: "tiny gallery");
        var e = Assert.Throws<EvaluationInputException>(() => RetrievalEvaluator.EvaluateSelf(set));
        Assert.Contains("Recall@8", e.Message);
        Assert.Contains("tiny gallery", e.Message);

        var mislabelled = new EmbeddingSet(embeddings, [0, 1], Name: "query split");
        e = Assert.Throws<EvaluationInputException>(() => RetrievalEvaluator.EvaluateSelf(mislabelled));
        Assert.Contains("query split has 5 embedding rows but 2 labels", e.Message);
    }
}
