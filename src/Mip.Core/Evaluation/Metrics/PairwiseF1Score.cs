namespace Mip.Evaluation.Metrics;

/// <summary>Pairwise precision, recall and F1 of a clustering against class labels.</summary>
/// <param name="Precision">Same-cluster pairs that are also same-class pairs, over all same-cluster pairs.</param>
/// <param name="Recall">Same-class pairs that are also same-cluster pairs, over all same-class pairs.</param>
/// <param name="F1">Harmonic mean of the two.</param>
public sealed record PairwiseF1Score(double Precision, double Recall, double F1);
