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
}
