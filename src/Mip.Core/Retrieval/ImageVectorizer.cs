using Mip.Images;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Retrieval;

/// <summary>
/// Embeds decoded images with a model, safe to share between request threads: forward passes are serialised, since
/// one model's buffers are not meant for concurrent use and the CPU is already busy inside each pass.
/// </summary>
public sealed class ImageVectorizer(EmbeddingModel model)
{
    private readonly object _gate = new();

    /// <summary>The model.</summary>
    public EmbeddingModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Length of each embedding.</summary>
    public int Dimension => Model.EmbeddingSize;

    /// <summary>Embeds the images (any size; resized to the model's square input), one vector per image.</summary>
    public float[][] Embed(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) return [];
        int size = Model.InputSize, dim = Dimension;
        var resized = images.Select(i => i.Width == size && i.Height == size ? i : i.Resize(size, size)).ToList();
        var flat = new float[resized.Count * dim];
        lock (_gate)
        {
            Model.eval();
            var device = Model.Head.weight!.device;
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var output = Model.forward(ImageTensors.ToBatch(resized).to(device)).cpu().contiguous();
            output.data<float>().CopyTo(flat);
        }
        var vectors = new float[resized.Count][];
        for (int i = 0; i < vectors.Length; i++) vectors[i] = flat.AsSpan(i * dim, dim).ToArray();
        return vectors;
    }

    /// <summary>Embeds one image.</summary>
    public float[] Embed(RgbImage image) => Embed([image])[0];
}
