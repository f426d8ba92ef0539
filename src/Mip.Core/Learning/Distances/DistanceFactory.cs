namespace Mip.Learning.Distances;

/// <summary>Builds distances from <see cref="DistanceKind"/>.</summary>
public static class DistanceFactory
{
    /// <summary>The distance of this kind.</summary>
    public static IEmbeddingDistance Create(DistanceKind kind) => kind switch
    {
        DistanceKind.Squared => new SquaredEuclideanDistance(),
        DistanceKind.Euclidean => new EuclideanDistance(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
