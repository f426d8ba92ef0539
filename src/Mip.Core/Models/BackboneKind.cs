namespace Mip.Models;

/// <summary>The convolutional networks an <see cref="EmbeddingModel"/> can be built on.</summary>
public enum BackboneKind
{
    /// <summary>
    /// ImageNet-pretrained ResNet-18 from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export,
    /// blocks [2, 2, 2, 3], 512 channels). Ships with the program, so it is the default.
    /// </summary>
    ResNet18Cntk,

    /// <summary>torchvision ResNet-50 (2048 channels); pretrained only when a torchvision state dict is supplied.</summary>
    ResNet50,

    /// <summary>torchvision GoogLeNet / Inception-V1 (1024 channels); pretrained only when a torchvision state dict is supplied.</summary>
    InceptionV1,
}
