using Mip.Evaluation.Metrics;
using Mip.Evaluation.Search;

namespace Mip.Evaluation;

/// <summary>
/// Scores query embeddings against gallery embeddings: one exact blocked search feeds Recall@k, mAP_c, MAP@R and
/// R-precision; k-means on the gallery feeds NMI and pairwise F1.
/// </summary>
/// <remarks>
/// Clustering follows the paper's code: k-means on the gallery embeddings with k = number of distinct gallery labels,
/// then every query is assigned to its nearest final centroid and NMI and F1 compare those assignments with the query
/// labels. In a self-search the queries are the gallery, so this is the gallery's own clustering, re-assigned to the
/// final centroids.
/// </remarks>
public static class RetrievalEvaluator
{
    /// <summary>Evaluates <paramref name="queries"/> against <paramref name="gallery"/> under <paramref name="protocol"/>.</summary>
    public static RetrievalScores Evaluate(EmbeddingSet queries, EmbeddingSet gallery, SearchProtocol protocol, RetrievalEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(gallery);
        options ??= new RetrievalEvaluationOptions();
        CheckOptions(options);
        queries.Validate();
        gallery.Validate();
        if (protocol == SearchProtocol.CrossStrict && queries.ImageIds is null)
            throw new EvaluationInputException($"The strict cross-set protocol needs image ids, but the {queries.Name} has none.");
        if (protocol == SearchProtocol.CrossStrict && gallery.ImageIds is null)
            throw new EvaluationInputException($"The strict cross-set protocol needs image ids, but the {gallery.Name} has none.");
        var exclusion = SearchExclusion.For(protocol, queries.ImageIds, gallery.ImageIds);

        int largestClass = SearchExclusion.ClassSizes(gallery.Labels).Values.Max();
        int maxRecallK = options.RecallKs.Max();
        int wanted = Math.Max(maxRecallK, Math.Min(largestClass, options.MaxNeighbours));
        var neighbours = ExactSearch.Search(queries.Embeddings, gallery.Embeddings, wanted, exclusion, options.SearchBlockSize);
        if (neighbours.K < maxRecallK)
            throw new EvaluationInputException(
                $"Recall@{maxRecallK} needs {maxRecallK} neighbours per query, but the {gallery.Name} of {gallery.Count} items " +
                $"leaves only {neighbours.K} under the {protocol} protocol.");

        double? nmi = null, f1 = null;
        if (options.ComputeClustering)
        {
            int classCount = gallery.Labels.Distinct().Count();
            var model = KMeans.Fit(gallery.Embeddings, classCount, options.KMeansSeed, options.KMeansIterations);
            int[] clusters = model.Assign(queries.Embeddings);
            nmi = NormalizedMutualInformation.Compute(queries.Labels, clusters);
            f1 = Metrics.PairwiseF1.Compute(queries.Labels, clusters).F1;
        }

        return new RetrievalScores(
            protocol,
            queries.Count,
            gallery.Count,
            neighbours.K,
            RecallAtK.Compute(neighbours, queries.Labels, gallery.Labels, options.RecallKs),
            MeanAveragePrecisionAtClassSize.Compute(neighbours, queries.Labels, gallery.Labels),
            MeanAveragePrecisionAtClassSize.NeedsMoreNeighbours(neighbours, queries.Labels, gallery.Labels),
            MapAtR.Compute(neighbours, queries.Labels, gallery.Labels),
            Metrics.RPrecision.Compute(neighbours, queries.Labels, gallery.Labels),
            nmi,
            f1);
    }

    /// <summary>Evaluates one set searched against itself with each query's own row excluded.</summary>
    public static RetrievalScores EvaluateSelf(EmbeddingSet set, RetrievalEvaluationOptions? options = null) =>
        Evaluate(set, set, SearchProtocol.SelfExcluded, options);

    private static void CheckOptions(RetrievalEvaluationOptions options)
    {
        if (options.RecallKs is null || options.RecallKs.Count == 0 || options.RecallKs.Any(k => k < 1))
            throw new ArgumentException("RecallKs must list at least one k, each at least 1.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxNeighbours, nameof(options.MaxNeighbours));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SearchBlockSize, nameof(options.SearchBlockSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.KMeansIterations, nameof(options.KMeansIterations));
    }
}
