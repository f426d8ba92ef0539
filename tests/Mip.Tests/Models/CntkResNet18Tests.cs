using Microsoft.ML.OnnxRuntime;
using Mip.Models;
using Mip.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

public class CntkResNet18Tests(ITestOutputHelper output)
{
    [Fact]
    public void PooledFeaturesMatchOnnxRuntimeOnTheFullPipeline()
    {
        TorchRuntime.EnsureLoaded();
        const int size = CntkResNet18.NativeInputSize;
        float[] pixels = NaturalImage.PlanarRgb255(size, seed: 11);

        float[] expected = RunOnnxRuntime(pixels, size);
        Assert.Equal(512, expected.Length);

        using var model = CntkResNet18Import.LoadDefault();
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor rgb01 = tensor(pixels, [1, 3, size, size]).div_(255f);
        Tensor features = model.forward(model.Preprocess(rgb01));
        Assert.Equal(new long[] { 1, 512, 7, 7 }, features.shape);
        float[] actual = features.mean([2, 3]).data<float>().ToArray();

        double maxAbs = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        double maxMagnitude = expected.Max(Math.Abs);
        output.WriteLine($"max |ORT - TorchSharp| = {maxAbs:E3} (largest feature {maxMagnitude:F3})");
        Assert.True(maxMagnitude > 0.1, "the features are suspiciously small; the comparison would prove nothing");
        Assert.True(maxAbs < 1e-4, $"max abs difference {maxAbs:E3} is not below 1e-4");
    }

    /// <summary>ResNetPreprocess.onnx then ResNet18.onnx in ONNX Runtime, on planar RGB 0..255 as ML.NET feeds it.</summary>
    private static float[] RunOnnxRuntime(float[] planarRgb255, int size)
    {
        using var preprocess = new InferenceSession(PretrainedFiles.ResNetPreprocessOnnx);
        using var network = new InferenceSession(PretrainedFiles.ResNet18Onnx);
        long[] shape = [1, 3, size, size];
        using var input = OrtValue.CreateTensorValueFromMemory(planarRgb255, shape);
        using var preprocessed = preprocess.Run(new RunOptions(), [preprocess.InputNames[0]], [input], [preprocess.OutputNames[0]]);
        float[] bgr = preprocessed[0].GetTensorDataAsSpan<float>().ToArray();
        using var networkInput = OrtValue.CreateTensorValueFromMemory(bgr, shape);
        using var pooled = network.Run(new RunOptions(), [network.InputNames[0]], [networkInput], [network.OutputNames[0]]);
        Assert.Equal(new long[] { 1, 512, 1, 1 }, pooled[0].GetTensorTypeAndShape().Shape);
        return pooled[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
