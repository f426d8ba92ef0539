namespace Mip.Learning.Miners;

/// <summary>Mined triplets as three aligned lists of batch positions: anchor, positive (same class), negative (other class).</summary>
public sealed record TripletIndices(int[] Anchors, int[] Positives, int[] Negatives)
{
    /// <summary>Number of triplets.</summary>
    public int Count => Anchors.Length;

    /// <summary>Builds the record from a list of triplets.</summary>
    public static TripletIndices From(IReadOnlyList<(int A, int P, int N)> triplets) =>
        new(triplets.Select(t => t.A).ToArray(), triplets.Select(t => t.P).ToArray(), triplets.Select(t => t.N).ToArray());
}
