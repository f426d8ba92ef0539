using Mip.IO;

namespace Mip.Models;

/// <summary>How to build an <see cref="EmbeddingModel"/>.</summary>
public sealed record EmbeddingModelOptions
{
    /// <summary>The backbone network.</summary>
    public BackboneKind Backbone { get; init; } = BackboneKind.ResNet18Cntk;

    /// <summary>Length of the L2-normalised embedding.</summary>
    public int EmbeddingSize { get; init; } = 512;

    /// <summary>Side of the square RGB input the model is fed (images are resized to it before the model).</summary>
    public int InputSize { get; init; } = 224;

    /// <summary>
    /// Pretrained backbone weights. For <see cref="BackboneKind.ResNet50"/> and <see cref="BackboneKind.InceptionV1"/>:
    /// a torchvision state dict (.pth/.pt/.bin saved with torch.save, or .safetensors); without one the backbone starts
    /// from random weights (see <see cref="EmbeddingModel.IsBackbonePretrained"/>). For
    /// <see cref="BackboneKind.ResNet18Cntk"/>: a ResNet18.onnx with its ResNetPreprocess.onnx beside it; without one
    /// the copy shipped in the program's <c>pretrained</c> folder is used.
    /// </summary>
    public string? WeightsPath { get; init; }

    /// <summary>Seed of every random initialisation (embedding head, and the backbone when it has no weights).</summary>
    public int Seed { get; init; }

    /// <summary>Smallest supported <see cref="InputSize"/>: every backbone reduces its input 32-fold.</summary>
    public const int MinInputSize = 32;

    /// <summary>Throws a <see cref="MipInputException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Backbone))
            throw new MipInputException($"Unknown backbone '{Backbone}': use {string.Join(", ", Enum.GetNames<BackboneKind>())}.");
        if (EmbeddingSize < 1)
            throw new MipInputException($"Embedding size {EmbeddingSize} is invalid: it must be at least 1.");
        if (InputSize < MinInputSize)
            throw new MipInputException($"Input size {InputSize} is invalid: it must be at least {MinInputSize} pixels.");
        // The CNTK export pads its stride-2 convolutions for sizes divisible by 32; other sizes (e.g. 112) make the
        // two branches of a residual block disagree by one pixel deep in the network.
        if (Backbone == BackboneKind.ResNet18Cntk && InputSize % 32 != 0)
            throw new MipInputException($"Input size {InputSize} is invalid for the ResNet-18 (CNTK) backbone: it must be a multiple of 32 (e.g. 96, 128, 160, 224).");
    }
}
