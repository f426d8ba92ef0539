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
/// <param name="LeakingShift">
/// Mean squared distance between a leaking image's clean and protected embeddings: how far the model moved the copies
/// that leak (NaN without leaking images).
/// </param>
/// <param name="OtherShift">The same for the protected images that do not leak (NaN when all leak).</param>
/// <param name="ShiftAuc">
/// How well a small shift picks out the leaking images: the probability that a leaking image's shift is smaller than a
/// non-leaking one's (ties count half; 0.5 = no better than chance; NaN when either group is empty). A service
/// provider can measure the shift of a photo before it is published, the leak only after.
/// </param>
/// <param name="ShiftTenthPercentile">
/// The shift below which at most a tenth of the protected copies fall (nearest rank): measured on validation classes,
/// the minimum shift of an adaptive protection that may strengthen the mark of about one photo in ten.
/// </param>
public sealed record ProtectedLeakScores(
    string Model,
    int Queries,
    int Hits,
    int ProtectedImages,
    int LeakingImages,
    double MostFoundTenthShare,
    IReadOnlyList<LeakingImage> MostFound,
    double LeakingShift,
    double OtherShift,
    double ShiftAuc,
    double ShiftTenthPercentile);
