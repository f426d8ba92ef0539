using static TorchSharp.torch;

namespace Mip.Learning.Losses;

/// <summary>
/// Not in the paper: the embedding-anchor loss L_a = mean_i ||f(x_i) - f_0(x_i)||^2 over a batch's clean images, where
/// f_0 is a reference model (the clean model a service provider already runs). The paper keeps clean search with the
/// imperceptible loss L_i alone, whose triplet terms vanish once a triplet is separated by the margin, so nothing holds a
/// clean embedding in place while the privacy terms reshape the shared layers; L_a does, pointwise (feature
/// distillation from the clean model).
/// </summary>
public static class EmbeddingAnchorLoss
{
    /// <summary>Mean squared Euclidean distance between the rows of <paramref name="embeddings"/> and <paramref name="targets"/>, [B, D] each.</summary>
    public static Tensor Compute(Tensor embeddings, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(targets);
        if (!embeddings.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Embeddings [{string.Join(", ", embeddings.shape)}] and anchor targets [{string.Join(", ", targets.shape)}] differ in shape.", nameof(targets));
        return (embeddings - targets).square().sum(1).mean();
    }
}
