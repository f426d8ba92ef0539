using static TorchSharp.torch;

namespace Mip.Evaluation.Search;

/// <summary>Squared Euclidean distances between a block of queries and the whole gallery, by one matrix product.</summary>
internal static class SquaredDistances
{
    /// <summary>Squared norms of the gallery rows as a [1, G] row, computed once per search.</summary>
    public static Tensor GalleryNormsRow(Tensor gallery) => gallery.square().sum(1).unsqueeze(0);

    /// <summary>
    /// [B, G] matrix of ||q||^2 + ||g||^2 - 2 q.g, clamped at 0 (rounding can make it slightly negative for a
    /// query and its own copy). Every caller uses this one routine, so blocked and full-matrix searches see the
    /// same formula.
    /// </summary>
    public static Tensor Block(Tensor queries, Tensor galleryTransposed, Tensor galleryNormsRow)
    {
        var distances = addmm(galleryNormsRow, queries, galleryTransposed, beta: 1, alpha: -2);
        distances.add_(queries.square().sum(1, keepdim: true));
        distances.clamp_min_(0);
        return distances;
    }
}
