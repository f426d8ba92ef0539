using Mip.Evaluation.Search;

namespace Mip.Evaluation;

/// <summary>The retrieval and clustering scores of one evaluation, all as fractions in [0, 1].</summary>
/// <param name="Protocol">The search protocol that produced them.</param>
/// <param name="QueryCount">Number of queries.</param>
/// <param name="GalleryCount">Number of gallery items.</param>
/// <param name="NeighboursSearched">Neighbours kept per query after exclusion.</param>
/// <param name="RecallAtK">Recall@k keyed by k.</param>
/// <param name="MapAtClassSize">mAP_c as the paper's code computes it.</param>
/// <param name="MapAtClassSizeIsLowerBound">True when some class was larger than the neighbours searched.</param>
/// <param name="MapAtR">MAP@R (Musgrave et al.); NaN when no query has a relevant gallery item.</param>
/// <param name="RPrecision">R-precision (Musgrave et al.); NaN when no query has a relevant gallery item.</param>
/// <param name="Nmi">NMI of the k-means clustering, or null when clustering was skipped.</param>
/// <param name="PairwiseF1">Pairwise F1 of the same clustering, or null when clustering was skipped.</param>
public sealed record RetrievalScores(
    SearchProtocol Protocol,
    int QueryCount,
    int GalleryCount,
    int NeighboursSearched,
    IReadOnlyDictionary<int, double> RecallAtK,
    double MapAtClassSize,
    bool MapAtClassSizeIsLowerBound,
    double MapAtR,
    double RPrecision,
    double? Nmi,
    double? PairwiseF1);
