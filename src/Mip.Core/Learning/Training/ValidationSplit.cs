using Mip.Data;

namespace Mip.Learning.Training;

/// <summary>
/// Holds out whole training classes for choosing the best epoch, the way metric-learning test splits hold out classes;
/// the test split is never touched.
/// </summary>
public static class ValidationSplit
{
    /// <summary>
    /// Splits <paramref name="train"/> by class: round(fraction x classes) classes, chosen by a seeded shuffle, go to
    /// validation (at least one when the fraction is positive, and always leaving two classes to train on).
    /// </summary>
    public static (IReadOnlyList<ImageRecord> Train, IReadOnlyList<ImageRecord> Validation) Carve(IReadOnlyList<ImageRecord> train, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        var classes = train.Select(r => r.Label).Distinct().Order().ToList();
        int held = fraction <= 0 ? 0 : Math.Clamp((int)Math.Round(fraction * classes.Count), 1, Math.Max(0, classes.Count - 2));
        if (held == 0) return (train, []);
        new SeededRandom(seed ^ 0x5A11D).Shuffle(classes);
        var validation = classes.Take(held).ToHashSet();
        return (train.Where(r => !validation.Contains(r.Label)).ToArray(), train.Where(r => validation.Contains(r.Label)).ToArray());
    }
}
