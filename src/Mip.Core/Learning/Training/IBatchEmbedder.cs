using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>Embeds a batch of training images with gradients reaching the model's trainable parameters.</summary>
public interface IBatchEmbedder
{
    /// <summary>
    /// Embeddings [B, EmbeddingSize] of the training images at <paramref name="indices"/> in the given
    /// <paramref name="variant"/>, in the order given.
    /// </summary>
    Tensor Embed(IReadOnlyList<int> indices, IImageVariant variant);
}
