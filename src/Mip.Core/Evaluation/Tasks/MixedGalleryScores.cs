namespace Mip.Evaluation.Tasks;

/// <summary>What the mixed-gallery task measured for one model.</summary>
/// <param name="Model">Row name.</param>
/// <param name="ProtectedFraction">Fraction of the gallery that is protected.</param>
/// <param name="ProtectedCount">Number of protected gallery images.</param>
/// <param name="QueryCount">Clean queries (the clean part of the gallery, each excluding itself).</param>
/// <param name="ExposedQueryCount">Queries whose class has at least one protected gallery image (the exposure denominator).</param>
/// <param name="ExposureAtK">
/// Per k: the fraction of those queries with a protected image of their own class in their top k — how often the
/// search hands an adversary a protected photo of the person (class) they look for.
/// </param>
/// <param name="CleanRecallAtK">Per k: Recall@k of the clean queries searched against the clean part only.</param>
public sealed record MixedGalleryScores(
    string Model,
    double ProtectedFraction,
    int ProtectedCount,
    int QueryCount,
    int ExposedQueryCount,
    IReadOnlyDictionary<int, double> ExposureAtK,
    IReadOnlyDictionary<int, double> CleanRecallAtK);
