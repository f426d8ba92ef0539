using Mip.Models.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// Builds a <see cref="CntkResNet18"/> from the ONNX files of Microsoft.ML.DnnImageFeaturizer.ResNet18: the network's
/// initializers become the module's parameters and batch-norm statistics, and the preprocessing graph's mean image
/// becomes its <see cref="CntkResNet18.MeanImage"/>. The graphs are checked against the architecture as they are read
/// (operator set, Conv order, kernel shapes, strides, pads, which BatchNormalization follows which Conv), so a
/// different or damaged file fails with an <see cref="OnnxFormatException"/> naming it rather than loading wrongly.
/// </summary>
public static class CntkResNet18Import
{
    private static readonly HashSet<string> ExpectedOps = ["Conv", "BatchNormalization", "Relu", "Add", "MaxPool", "AveragePool"];

    /// <summary>Loads the files the build copies to <see cref="PretrainedFiles.Folder"/>.</summary>
    public static CntkResNet18 LoadDefault() => Load(PretrainedFiles.ResNet18Onnx, PretrainedFiles.ResNetPreprocessOnnx);

    /// <summary>Loads the network from <paramref name="resNet18OnnxPath"/> and the mean image from <paramref name="preprocessOnnxPath"/>.</summary>
    /// <exception cref="Mip.IO.MipInputException">A file is missing, unreadable, or not the expected graph.</exception>
    public static CntkResNet18 Load(string resNet18OnnxPath, string preprocessOnnxPath)
    {
        float[] mean = ReadMeanImage(OnnxModelFile.Load(preprocessOnnxPath));
        OnnxModel network = OnnxModelFile.Load(resNet18OnnxPath);

        using var meanImage = tensor(mean, [1, 3, CntkResNet18.NativeInputSize, CntkResNet18.NativeInputSize]);
        var model = new CntkResNet18(generator: null, meanImageBgr: meanImage);
        try
        {
            CopyWeights(network, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>
    /// Checks that the preprocessing graph is Split(RGB) -> Concat(B, G, R) -> Sub(mean image) and returns the mean
    /// image's values (BGR, 0..255, [1, 3, 224, 224]).
    /// </summary>
    private static float[] ReadMeanImage(OnnxModel preprocess)
    {
        OnnxGraph graph = preprocess.Graph;
        OnnxFormatException Mismatch(string why) =>
            new($"'{preprocess.Source}' is not the ResNet preprocessing graph this program expects: {why}.");

        if (graph.Nodes.Count != 3) throw Mismatch($"it has {graph.Nodes.Count} nodes instead of 3");
        OnnxNode split = graph.Nodes.SingleOrDefault(n => n.OpType == "Split") ?? throw Mismatch("no single Split node");
        OnnxNode concat = graph.Nodes.SingleOrDefault(n => n.OpType == "Concat") ?? throw Mismatch("no single Concat node");
        OnnxNode sub = graph.Nodes.SingleOrDefault(n => n.OpType == "Sub") ?? throw Mismatch("no single Sub node");
        if (split.Outputs.Count != 3 || split.Int("axis", 0) != 1) throw Mismatch("the Split does not separate three channels");
        if (!concat.Inputs.SequenceEqual(split.Outputs.Reverse()) || concat.Int("axis", 0) != 1)
            throw Mismatch("the Concat does not reverse the channel order");
        if (sub.Inputs.Count != 2 || sub.Inputs[0] != concat.Outputs[0]) throw Mismatch("the Sub does not follow the Concat");
        OnnxTensor mean = graph.Initializer(sub.Inputs[1]);
        long n = CntkResNet18.NativeInputSize;
        if (!mean.Dims.SequenceEqual([1L, 3, n, n]) || mean.DataType != OnnxTensor.FloatDataType)
            throw Mismatch($"the mean image is [{string.Join(", ", mean.Dims)}] (type {mean.DataType}), not float [1, 3, {n}, {n}]");
        return mean.ToFloatArray();
    }

    private static void CopyWeights(OnnxModel network, CntkResNet18 model)
    {
        OnnxGraph graph = network.Graph;
        string source = network.Source;
        OnnxFormatException Mismatch(string why) =>
            new($"'{source}' is not the CNTK ResNet-18 this program expects: {why}.");

        var unexpected = graph.Nodes.Select(n => n.OpType).Where(op => !ExpectedOps.Contains(op)).Distinct().ToList();
        if (unexpected.Count > 0) throw Mismatch($"it contains the operators {string.Join(", ", unexpected)}");

        var convNodes = graph.Nodes.Where(n => n.OpType == "Conv").ToList();
        var pairs = model.ConvNormPairsInExportOrder().ToList();
        if (convNodes.Count != pairs.Count)
            throw Mismatch($"it has {convNodes.Count} convolutions instead of {pairs.Count}");
        int batchNorms = graph.Nodes.Count(n => n.OpType == "BatchNormalization");
        if (batchNorms != pairs.Count)
            throw Mismatch($"it has {batchNorms} batch normalisations instead of {pairs.Count}");

        using var _ = no_grad();
        for (int i = 0; i < pairs.Count; i++)
        {
            OnnxNode conv = convNodes[i];
            var (module, norm) = pairs[i];
            string where = $"convolution #{i} ('{conv.Name}')";

            if (conv.Inputs.Count != 2) throw Mismatch($"{where} has a bias or no weight");
            long k = module.KernelSize;
            Expect(conv.Ints("kernel_shape", []), [k, k], $"{where} kernel_shape", Mismatch);
            Expect(conv.Ints("strides", [1, 1]), [module.Stride, module.Stride], $"{where} strides", Mismatch);
            Expect(conv.Ints("pads", [0, 0, 0, 0]), [module.PadBegin, module.PadBegin, module.PadEnd, module.PadEnd], $"{where} pads", Mismatch);
            Expect(conv.Ints("dilations", [1, 1]), [1, 1], $"{where} dilations", Mismatch);
            if (conv.Int("group", 1) != 1) throw Mismatch($"{where} is grouped");
            CopyInto(module.Weight, graph.Initializer(conv.Inputs[1]), where, Mismatch);

            OnnxNode bn = graph.Consumers(conv.Outputs[0]).SingleOrDefault(n => n.OpType == "BatchNormalization")
                ?? throw Mismatch($"{where} is not followed by a BatchNormalization");
            if (bn.Inputs.Count != 5 || bn.Inputs[0] != conv.Outputs[0])
                throw Mismatch($"the BatchNormalization after {where} does not take its output with four parameters");
            if (bn.Int("spatial", 1) != 1) throw Mismatch($"the BatchNormalization after {where} is not per-channel");
            string bnWhere = $"batch norm '{bn.Name}'";
            CopyInto(norm.Scale, graph.Initializer(bn.Inputs[1]), bnWhere, Mismatch);
            CopyInto(norm.Shift, graph.Initializer(bn.Inputs[2]), bnWhere, Mismatch);
            CopyInto(norm.RunningMean, graph.Initializer(bn.Inputs[3]), bnWhere, Mismatch);
            CopyInto(norm.RunningVariance, graph.Initializer(bn.Inputs[4]), bnWhere, Mismatch);
            // ONNX stores epsilon as float32; widening keeps exactly the value the exporter wrote.
            norm.Eps = bn.Float("epsilon", 1e-5f);
        }
    }

    private static void Expect(IReadOnlyList<long> actual, long[] expected, string what, Func<string, OnnxFormatException> mismatch)
    {
        if (!actual.SequenceEqual(expected))
            throw mismatch($"{what} is [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
    }

    private static void CopyInto(Tensor target, OnnxTensor source, string where, Func<string, OnnxFormatException> mismatch)
    {
        if (source.DataType != OnnxTensor.FloatDataType)
            throw mismatch($"{where}: initializer '{source.Name}' is not float32");
        if (!source.Dims.SequenceEqual(target.shape))
            throw mismatch($"{where}: initializer '{source.Name}' is [{string.Join(", ", source.Dims)}], expected [{string.Join(", ", target.shape)}]");
        using Tensor values = tensor(source.ToFloatArray(), target.shape);
        target.copy_(values);
    }
}
