using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Cli;

/// <summary>Resolves a --model argument: a checkpoint path, or "pretrained" for the shipped ImageNet ResNet-18.</summary>
public static class ModelArgument
{
    public const string Pretrained = "pretrained";

    public static EmbeddingModel Load(string spec, Device device)
    {
        if (string.Equals(spec, Pretrained, StringComparison.OrdinalIgnoreCase))
        {
            var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions(), device);
            model.eval();
            return model;
        }
        return EmbeddingModelCheckpoint.Load(spec, device).Model;
    }
}
