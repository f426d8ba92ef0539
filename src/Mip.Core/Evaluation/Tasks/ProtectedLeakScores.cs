namespace Mip.Evaluation.Tasks;

/// <summary>One protected gallery image that clean queries of its own class find first.</summary>
/// <param name="ImageId">The source image's id.</param>
/// <param name="Label">Its class.</param>
/// <param name="Hits">How many clean queries of that class have it as their first result.</param>
public sealed record LeakingImage(long ImageId, int Label, int Hits);

/// <summary>
/// Where C->P's Recall@1 comes from, for one model: the clean queries whose first result (strict rule) is a protected
/// image of their own class, and how those hits spread over the protected images. R@1 is a weakest-link measure, so
/// a few protected copies the model failed to move can carry it; this tells that apart from a general shortfall.
/// </summary>
/// <param name="Model">Row name.</param>
/// <param name="Queries">Clean queries (every test image).</param>
/// <param name="Hits">Queries whose first result is a protected image of their own class (Queries x C->P R@1).</param>
/// <param name="ProtectedImages">Protected gallery images.</param>
/// <param name="LeakingImages">Protected images that are at least one such query's first result.</param>
/// <param name="MostFoundTenthShare">Share of the hits carried by the most-found tenth of the protected images (NaN without hits).</param>
/// <param name="MostFound">The most-found protected images, most hits first (ties by id).</param>
public sealed record ProtectedLeakScores(
    string Model,
    int Queries,
    int Hits,
    int ProtectedImages,
    int LeakingImages,
    double MostFoundTenthShare,
    IReadOnlyList<LeakingImage> MostFound);
