namespace Mip.Models;

/// <summary>Where the build puts the pretrained ResNet-18 files (copied from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package).</summary>
public static class PretrainedFiles
{
    /// <summary>The <c>pretrained</c> folder beside the program.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "pretrained");

    /// <summary>The ResNet-18 network (CNTK export).</summary>
    public static string ResNet18Onnx => Path.Combine(Folder, ResNet18OnnxName);

    /// <summary>The preprocessing graph that goes with it (RGB to BGR, minus the mean image).</summary>
    public static string ResNetPreprocessOnnx => Path.Combine(Folder, ResNetPreprocessOnnxName);

    /// <summary>File name of the network.</summary>
    public const string ResNet18OnnxName = "ResNet18.onnx";

    /// <summary>File name of the preprocessing graph.</summary>
    public const string ResNetPreprocessOnnxName = "ResNetPreprocess.onnx";
}
