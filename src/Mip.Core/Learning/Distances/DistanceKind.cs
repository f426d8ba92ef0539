namespace Mip.Learning.Distances;

/// <summary>Which distance the triplet loss compares.</summary>
public enum DistanceKind
{
    /// <summary>Squared Euclidean, as the paper's code does.</summary>
    Squared,

    /// <summary>Plain Euclidean.</summary>
    Euclidean,
}
