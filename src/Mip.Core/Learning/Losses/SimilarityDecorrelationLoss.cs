using static TorchSharp.torch;

namespace Mip.Learning.Losses;

/// <summary>
/// Not in the paper: a batch-level term for protected-to-protected search (P->P). L_p (Eq. 7) parts protected copies
/// by the training classes' labels, which says nothing about classes never trained on; there the protected copies keep
/// the content structure of their clean photos, and a protected query finds the protected copy of a look-alike first.
/// This term asks for what carries to unseen classes: over every pair of distinct images, the similarity of their
/// protected copies must not follow the similarity of their clean photos. It is max(0, r), r the Pearson correlation
/// of the two pair-similarity lists (cosine similarity of unit embeddings, pairs i &lt; j), so it is zero for protected
/// copies whose similarities are unrelated to (or the reverse of) their photos', and it never asks for more structure.
/// The clean similarities are the reference and carry no gradient: the term moves only protected copies.
/// </summary>
public static class SimilarityDecorrelationLoss
{
    /// <summary>
    /// The term for <paramref name="triggered"/> [m, D] and <paramref name="clean"/> [m, D], row i of both being one
    /// image (m of at least 3 distinct images, so that the m(m-1)/2 pairs have a spread); a scalar.
    /// </summary>
    public static Tensor Compute(Tensor triggered, Tensor clean)
    {
        ArgumentNullException.ThrowIfNull(triggered);
        ArgumentNullException.ThrowIfNull(clean);
        if (triggered.dim() != 2 || !triggered.shape.SequenceEqual(clean.shape))
            throw new ArgumentException($"Triggered [{string.Join(", ", triggered.shape)}] and clean [{string.Join(", ", clean.shape)}] embeddings must be the same [m, D].");
        long m = triggered.shape[0];
        if (m < 3) throw new ArgumentException($"The decorrelation needs at least 3 images, not {m}.", nameof(triggered));
        using var scope = NewDisposeScope();
        var upper = ones(m, m, dtype: ScalarType.Bool, device: triggered.device).triu(1);
        Tensor protectedPairs = triggered.mm(triggered.t()).masked_select(upper);
        Tensor cleanPairs = clean.detach().mm(clean.detach().t()).masked_select(upper);
        Tensor p = protectedPairs - protectedPairs.mean();
        Tensor c = cleanPairs - cleanPairs.mean();
        // The small constant keeps a batch whose protected copies all coincide (no spread) finite, gradient included.
        Tensor r = (p * c).sum() / (p.pow(2).sum() * c.pow(2).sum() + 1e-12).sqrt();
        return r.clamp_min(0).MoveToOuterDisposeScope();
    }
}
