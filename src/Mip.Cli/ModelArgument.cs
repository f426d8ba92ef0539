using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Cli;

/// <summary>Resolves a --model argument: a checkpoint path, or "pretrained" for the shipped ImageNet ResNet-18.</summary>
public static class ModelArgument
{
    public const string Pretrained = "pretrained";

    public static EmbeddingModel Load(string spec, Device device) => Load(spec, device, null, 0);

    /// <summary>As <see cref="Load(string, Device)"/>; a pretrained model gets <paramref name="inputSize"/> (default 224) and a head seeded with <paramref name="seed"/>.</summary>
    public static EmbeddingModel Load(string spec, Device device, int? inputSize, int seed)
    {
        if (string.Equals(spec, Pretrained, StringComparison.OrdinalIgnoreCase))
        {
            var options = new EmbeddingModelOptions { Seed = seed };
            if (inputSize is { } size) options = options with { InputSize = size };
            var model = EmbeddingModelFactory.Create(options, device);
            model.eval();
            return model;
        }
        return EmbeddingModelCheckpoint.Load(spec, device).Model;
    }

    /// <summary>
    /// Loads <paramref name="spec"/> as <see cref="Load(string, Device, int?, int)"/> and names it for a report row: a
    /// checkpoint by its method ("clean", "pbl", ...), then by its epoch, then by its path where an earlier row already
    /// has that name. The checkpoint file is read once.
    /// </summary>
    public static Workflows.NamedModel LoadNamed(string spec, Device device, IReadOnlyList<Workflows.NamedModel> earlier, int? inputSize = null, int seed = 0)
    {
        if (string.Equals(spec, Pretrained, StringComparison.OrdinalIgnoreCase))
        {
            var pretrained = Load(spec, device, inputSize, seed);
            return new(earlier.Any(m => m.Name == spec) ? $"{spec} ({earlier.Count + 1})" : spec, pretrained);
        }
        var (model, checkpoint) = EmbeddingModelCheckpoint.Load(spec, device);
        var metadata = checkpoint.Metadata;
        string name = string.IsNullOrWhiteSpace(metadata.Method) ? Path.GetFileNameWithoutExtension(spec) : metadata.Method;
        if (earlier.Any(m => m.Name == name)) name = $"{name}, epoch {metadata.Epoch}";
        if (earlier.Any(m => m.Name == name)) name = $"{name} ({spec})";
        return new(name, model);
    }
}
