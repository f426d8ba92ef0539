namespace Mip.Learning.Objectives;

/// <summary>
/// Chooses which mined triplets of a batch are poisoned: ceil(rho x triplets), drawn afresh every batch without
/// replacement, as the paper's code does (8 of 80 at rho = 0.1).
/// </summary>
public sealed class PoisonSelection
{
    /// <summary>Creates a selection with poisoning ratio <paramref name="ratio"/> in (0, 1].</summary>
    public PoisonSelection(double ratio)
    {
        if (!(ratio > 0 && ratio <= 1))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The poisoning ratio must be in (0, 1].");
        Ratio = ratio;
    }

    /// <summary>The poisoning ratio rho.</summary>
    public double Ratio { get; }

    /// <summary>How many of <paramref name="tripletCount"/> triplets are poisoned.</summary>
    public int CountFor(int tripletCount) => tripletCount == 0 ? 0 : Math.Min(tripletCount, (int)Math.Ceiling(Ratio * tripletCount - 1e-9));

    /// <summary>Positions (into the triplet list) of the poisoned triplets, in increasing order.</summary>
    public int[] Choose(int tripletCount, SeededRandom random)
    {
        var order = Enumerable.Range(0, tripletCount).ToArray();
        random.Shuffle(order);
        var chosen = order[..CountFor(tripletCount)];
        Array.Sort(chosen);
        return chosen;
    }
}
