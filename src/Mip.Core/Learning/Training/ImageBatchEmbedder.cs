using Mip.Images;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// The uncached path: decodes and resizes every image of every batch and runs the whole network (the frozen prefix
/// without gradients). The only path that can augment, since augmented images differ every time.
/// </summary>
public sealed class ImageBatchEmbedder(EmbeddingModel model, TrainingImages images, SeededRandom? augmentation) : IBatchEmbedder
{
    /// <inheritdoc/>
    public Tensor Embed(IReadOnlyList<int> indices, IImageVariant variant)
    {
        var batch = new RgbImage[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int index = indices[i];
            var image = augmentation is null ? images.LoadResized(index) : images.LoadAugmented(index, augmentation);
            batch[i] = variant.Apply(image, images.Records[index]);
        }
        using var scope = NewDisposeScope();
        Tensor input = ImageTensors.ToBatch(batch).to(model.Head.weight!.device);
        return model.ForwardFromCache(model.ForwardFrozenPrefix(input)).MoveToOuterDisposeScope();
    }
}
