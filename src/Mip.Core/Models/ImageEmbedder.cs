using Mip.Images;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>Turns image files into embeddings with a model in evaluation mode, in batches.</summary>
public sealed class ImageEmbedder(EmbeddingModel model, int batchSize = 32, ImageLoadOptions? loadOptions = null)
{
    /// <summary>The model used.</summary>
    public EmbeddingModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// Checks every file before any model is loaded or output written: all headers first (format, size, pixel limit;
    /// no pixels decoded), then a full decode, since a truncated or damaged body only shows when decoded. Decoding
    /// costs milliseconds per photo against a forward pass ten times that, so a second decode later is cheap
    /// insurance against failing halfway. Throws the first <see cref="ImageDecodeException"/>.
    /// </summary>
    public static void ValidateAll(IReadOnlyList<string> paths, ImageLoadOptions? options = null)
    {
        foreach (var path in paths) ImageReader.ReadHeader(path, options);
        foreach (var path in paths) ImageReader.Load(path, options);
    }

    /// <summary>Loads an image and resizes it to the model's square input, as training and evaluation do.</summary>
    public RgbImage LoadForModel(string path)
    {
        var image = ImageReader.Load(path, loadOptions);
        return image.Width == Model.InputSize && image.Height == Model.InputSize ? image : image.Resize(Model.InputSize, Model.InputSize);
    }

    /// <summary>Embeds the files in order; returns a row-major [paths.Count, EmbeddingSize] matrix.</summary>
    public float[] Embed(IReadOnlyList<string> paths, IProgress<int>? progress = null)
    {
        int dim = Model.EmbeddingSize;
        var result = new float[paths.Count * dim];
        Model.eval();
        var device = Model.Head.weight!.device;
        for (int start = 0; start < paths.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, paths.Count - start);
            var images = new RgbImage[count];
            for (int i = 0; i < count; i++) images[i] = LoadForModel(paths[start + i]);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor batch = ImageTensors.ToBatch(images).to(device);
            Tensor embeddings = Model.forward(batch).cpu().contiguous();
            embeddings.data<float>().CopyTo(result.AsSpan(start * dim, count * dim));
            progress?.Report(start + count);
        }
        return result;
    }
}
