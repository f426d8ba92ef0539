using Mip.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>Saves an <see cref="EmbeddingModel"/> with its metadata, and rebuilds one from a checkpoint file.</summary>
public static class EmbeddingModelCheckpoint
{
    /// <summary>Stable backbone ids written into checkpoints.</summary>
    public static string BackboneId(BackboneKind kind) => kind switch
    {
        BackboneKind.ResNet18Cntk => "resnet18-cntk",
        BackboneKind.ResNet50 => "resnet50",
        BackboneKind.InceptionV1 => "inception-v1",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a backbone id from a checkpoint or the command line (also accepts the enum names).</summary>
    public static BackboneKind? ParseBackbone(string id)
    {
        foreach (var kind in Enum.GetValues<BackboneKind>())
            if (string.Equals(id, BackboneId(kind), StringComparison.OrdinalIgnoreCase) || string.Equals(id, kind.ToString(), StringComparison.OrdinalIgnoreCase))
                return kind;
        return null;
    }

    /// <summary>How each backbone turns RGB in [0,1] into its input, recorded in checkpoints for humans and checks.</summary>
    public static string PreprocessingDescription(BackboneKind kind, int inputSize) => kind switch
    {
        BackboneKind.ResNet18Cntk => $"resize to {inputSize}x{inputSize} (bilinear, antialiased); RGB->BGR, x255, minus the CNTK mean image resized to {inputSize}",
        BackboneKind.InceptionV1 => $"resize to {inputSize}x{inputSize}; (x - 0.5) / 0.5 per channel (torchvision GoogLeNet transform_input)",
        _ => $"resize to {inputSize}x{inputSize}; ImageNet mean/std per channel",
    };

    /// <summary>Metadata describing <paramref name="model"/>'s architecture; training facts are added by the caller.</summary>
    public static CheckpointMetadata DescribeArchitecture(EmbeddingModel model) => new()
    {
        Backbone = BackboneId(model.Backbone.Kind),
        EmbeddingSize = model.EmbeddingSize,
        InputSize = model.InputSize,
        Preprocessing = PreprocessingDescription(model.Backbone.Kind, model.InputSize),
    };

    /// <summary>Writes the model and metadata atomically; architecture fields are always taken from the model itself.</summary>
    public static void Save(string path, EmbeddingModel model, CheckpointMetadata metadata, IReadOnlyDictionary<string, byte[]>? extraSections = null)
    {
        var architecture = DescribeArchitecture(model);
        CheckpointFile.Save(path, model, metadata with
        {
            Backbone = architecture.Backbone,
            EmbeddingSize = architecture.EmbeddingSize,
            InputSize = architecture.InputSize,
            Preprocessing = architecture.Preprocessing,
        }, extraSections);
    }

    /// <summary>
    /// Replaces <paramref name="model"/>'s weights with a trained checkpoint's, so that training continues from it (a
    /// service provider planting the backdoor in the model it already serves, rather than starting again from the
    /// pretrained backbone). The checkpoint must describe the same architecture: backbone, embedding size and input size.
    /// </summary>
    /// <returns>The checkpoint read, for its metadata.</returns>
    /// <exception cref="CheckpointException">The file is missing, corrupt, or describes another architecture.</exception>
    public static Checkpoint LoadWeightsInto(EmbeddingModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var checkpoint = CheckpointFile.Read(path);
        var meta = checkpoint.Metadata;
        if (ParseBackbone(meta.Backbone) != model.Backbone.Kind)
            throw new CheckpointException(path, $"holds a {meta.Backbone} model; this run builds {BackboneId(model.Backbone.Kind)}.");
        if (meta.EmbeddingSize != model.EmbeddingSize)
            throw new CheckpointException(path, $"holds {meta.EmbeddingSize}-d embeddings; this run builds {model.EmbeddingSize}-d ones.");
        if (meta.InputSize != model.InputSize)
            throw new CheckpointException(path, $"was trained at {meta.InputSize} px; this run is at {model.InputSize} px (use --input-size {meta.InputSize}).");
        checkpoint.LoadInto(model);
        return checkpoint;
    }

    /// <summary>Reads, verifies and rebuilds the model a checkpoint describes, with its weights loaded.</summary>
    public static (EmbeddingModel Model, Checkpoint Checkpoint) Load(string path, Device? device = null)
    {
        var checkpoint = CheckpointFile.Read(path);
        var meta = checkpoint.Metadata;
        var kind = ParseBackbone(meta.Backbone)
                   ?? throw new CheckpointException(path, $"names an unknown backbone '{meta.Backbone}'.");
        var options = new EmbeddingModelOptions { Backbone = kind, EmbeddingSize = meta.EmbeddingSize, InputSize = meta.InputSize };
        try
        {
            options.Validate();
        }
        catch (IO.MipInputException e)
        {
            throw new CheckpointException(path, "has invalid metadata: " + e.Message, e);
        }
        var model = EmbeddingModelFactory.Create(options);
        try
        {
            checkpoint.LoadInto(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        if (device is not null && device.type != DeviceType.CPU) model.to(device);
        model.eval();
        return (model, checkpoint);
    }
}
