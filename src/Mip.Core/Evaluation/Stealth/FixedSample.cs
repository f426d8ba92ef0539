namespace Mip.Evaluation.Stealth;

/// <summary>A reproducible sample: <c>count</c> items evenly spaced through a list (all of them when the list is shorter).</summary>
public static class FixedSample
{
    /// <summary>Items at positions ⌊i·n / count⌋ for i = 0 .. count − 1, in list order.</summary>
    public static IReadOnlyList<T> Evenly<T>(IReadOnlyList<T> items, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count >= items.Count) return items.ToList();
        return Enumerable.Range(0, count).Select(i => items[(int)((long)i * items.Count / count)]).ToList();
    }
}
