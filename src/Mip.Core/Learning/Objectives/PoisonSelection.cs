using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// Chooses which mined triplets of a batch are poisoned: ceil(rho x triplets) of them, drawn afresh every batch without
/// replacement, as the paper's code does (8 of 80 at rho = 0.1), or, with <see cref="PoisonChoice.Hardest"/>, the
/// ones whose privacy terms are largest.
/// </summary>
public sealed class PoisonSelection
{
    /// <summary>Creates a selection with poisoning ratio <paramref name="ratio"/> in (0, 1].</summary>
    public PoisonSelection(double ratio, PoisonChoice choice = PoisonChoice.Random)
    {
        if (!(ratio > 0 && ratio <= 1))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The poisoning ratio must be in (0, 1].");
        if (!Enum.IsDefined(choice)) throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown poison choice.");
        Ratio = ratio;
        Choice = choice;
    }

    /// <summary>The poisoning ratio rho.</summary>
    public double Ratio { get; }

    /// <summary>How the poisoned triplets are picked.</summary>
    public PoisonChoice Choice { get; }

    /// <summary>How many of <paramref name="tripletCount"/> triplets are poisoned.</summary>
    public int CountFor(int tripletCount) => tripletCount == 0 ? 0 : Math.Min(tripletCount, (int)Math.Ceiling(Ratio * tripletCount - 1e-9));

    /// <summary>Positions (into the triplet list) of randomly poisoned triplets, in increasing order.</summary>
    public int[] Choose(int tripletCount, SeededRandom random)
    {
        var order = Enumerable.Range(0, tripletCount).ToArray();
        random.Shuffle(order);
        var chosen = order[..CountFor(tripletCount)];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// Positions of the <see cref="CountFor"/> triplets with the largest privacy terms <paramref name="terms"/> (one
    /// per triplet), in increasing order; equal terms go to the earlier triplet, so the choice is reproducible.
    /// </summary>
    public int[] ChooseHardestOf(IReadOnlyList<float> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var chosen = Enumerable.Range(0, terms.Count)
            .OrderByDescending(t => terms[t]).ThenBy(t => t)
            .Take(CountFor(terms.Count)).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>As <see cref="ChooseHardestOf"/>, for a batch's terms as a tensor [triplets].</summary>
    public int[] ChooseHardest(Tensor terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        using var values = terms.detach().to(float32).cpu();
        return ChooseHardestOf(values.data<float>().ToArray());
    }

    /// <summary>The checkpoint description of the choice: empty for the paper's random draw, so runs made before the choice existed keep their signature.</summary>
    internal (string Key, string Value)[] Description =>
        Choice == PoisonChoice.Random ? [] : [("poisonSelection", Choice.ToString().ToLowerInvariant())];
}
