using static TorchSharp.torch;

namespace Mip.Evaluation.Search;

/// <summary>Squared Euclidean distances between a block of queries and the whole gallery, by one matrix product.</summary>
internal static class SquaredDistances
{
    /// <summary>Squared norms of the gallery rows as a [1, G] row, computed once per search.</summary>
    public static Tensor GalleryNormsRow(Tensor gallery) => gallery.square().sum(1).unsqueeze(0);

    /// <summary>A new [B, G] matrix of squared distances; see <see cref="Fill"/>.</summary>
    public static Tensor Block(Tensor queries, Tensor galleryTransposed, Tensor galleryNormsRow)
    {
        var distances = empty(queries.shape[0], galleryTransposed.shape[1], dtype: queries.dtype);
        Fill(distances, queries, galleryTransposed, galleryNormsRow);
        return distances;
    }

    /// <summary>
    /// Writes ||q||^2 + ||g||^2 - 2 q.g, clamped at 0 (rounding can make it slightly negative for a query and its own
    /// copy), into the contiguous [B, G] <paramref name="destination"/>. Reusing one destination across blocks avoids
    /// mapping fresh pages for every block. Every search uses this one routine, so blocked and full-matrix searches
    /// see the same arithmetic.
    /// </summary>
    public static void Fill(Tensor destination, Tensor queries, Tensor galleryTransposed, Tensor galleryNormsRow)
    {
        destination.copy_(galleryNormsRow.expand(destination.shape));
        destination.addmm_(queries, galleryTransposed, beta: 1, alpha: -2);
        using var queryNorms = queries.square().sum(1, keepdim: true);
        destination.add_(queryNorms);
        destination.clamp_min_(0);
    }
}
