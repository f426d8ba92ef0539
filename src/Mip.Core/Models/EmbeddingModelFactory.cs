using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>Builds <see cref="EmbeddingModel"/>s from <see cref="EmbeddingModelOptions"/>.</summary>
public static class EmbeddingModelFactory
{
    /// <summary>
    /// Builds the backbone named by <paramref name="options"/> (pretrained where weights are available), adds a seeded
    /// embedding head and moves the model to <paramref name="device"/> (CPU when null). The model starts in
    /// training mode with nothing frozen.
    /// </summary>
    /// <exception cref="Mip.IO.MipInputException">An option is invalid, or a weights file is missing or does not fit.</exception>
    public static EmbeddingModel Create(EmbeddingModelOptions options, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureLoaded();

        var (backbone, pretrained, source) = CreateBackbone(options);
        EmbeddingModel model;
        try
        {
            model = new EmbeddingModel(backbone, options.EmbeddingSize, options.InputSize, options.Seed, pretrained, source);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
        if (device is not null && device.type != DeviceType.CPU) model.to(device);
        model.train();
        return model;
    }

    /// <summary>Builds the backbone alone; tells whether it got pretrained weights and where from.</summary>
    public static (Backbone Backbone, bool Pretrained, string WeightsSource) CreateBackbone(EmbeddingModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.EnsureLoaded();
        switch (options.Backbone)
        {
            case BackboneKind.ResNet18Cntk:
            {
                string network = options.WeightsPath ?? PretrainedFiles.ResNet18Onnx;
                string preprocess = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(network)) ?? ".", PretrainedFiles.ResNetPreprocessOnnxName);
                return (CntkResNet18Import.Load(network, preprocess), true, network);
            }
            case BackboneKind.ResNet50:
            case BackboneKind.InceptionV1:
            {
                using var generator = new Generator(unchecked((ulong)(uint)options.Seed));
                Backbone backbone = options.Backbone == BackboneKind.ResNet50 ? new ResNet50(generator) : new GoogLeNet(generator);
                if (options.WeightsPath is null)
                    return (backbone, false, $"random initialisation (seed {options.Seed})");
                try
                {
                    StateDictLoader.Load(backbone, options.WeightsPath, backbone.IgnoredStateDictPrefixes);
                }
                catch
                {
                    backbone.Dispose();
                    throw;
                }
                return (backbone, true, options.WeightsPath);
            }
            default:
                throw new Mip.IO.MipInputException($"Unknown backbone '{options.Backbone}'.");
        }
    }
}
