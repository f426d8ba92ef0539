using Mip.IO;
using Mip.Models;
using Mip.Models.Onnx;

namespace Mip.Tests.Models;

public class OnnxModelFileTests
{
    [Fact]
    public void ReadsTheCntkResNet18Graph()
    {
        OnnxModel model = OnnxModelFile.Load(PretrainedFiles.ResNet18Onnx);
        OnnxGraph graph = model.Graph;

        Assert.Equal("CNTK", model.ProducerName);
        Assert.Equal(74, graph.Nodes.Count);
        Assert.Equal(110, graph.Initializers.Count);
        Assert.Equal(22, graph.Nodes.Count(n => n.OpType == "Conv"));

        OnnxNode stem = graph.Nodes[0];
        Assert.Equal("Conv", stem.OpType);
        Assert.Equal(new long[] { 3, 3, 2, 2 }, stem.Ints("pads", []));
        Assert.Equal(new long[] { 2, 2 }, stem.Ints("strides", []));
        OnnxTensor stemWeight = graph.Initializer(stem.Inputs[1]);
        Assert.Equal(new long[] { 64, 3, 7, 7 }, stemWeight.Dims);
        float[] values = stemWeight.ToFloatArray();
        Assert.Equal(64 * 3 * 7 * 7, values.Length);
        Assert.Contains(values, v => v != 0);

        OnnxNode bn = graph.Consumers(stem.Outputs[0]).Single();
        Assert.Equal("BatchNormalization", bn.OpType);
        Assert.Equal(1e-5f, bn.Float("epsilon", 0), 1e-9f);

        Assert.Equal(new long?[] { 1, 3, 224, 224 }, graph.Inputs.Single().Shape);
        Assert.Equal(new long?[] { 1, 512, 1, 1 }, graph.Outputs.Single().Shape);
    }

    [Fact]
    public void DecodesRawDataUnpackedValuesAndNegativeInts()
    {
        // A Gemm-like node with attributes in every encoding the reader supports and a raw_data initializer.
        var rawWeights = new float[] { 1.5f, -2f, 3.25f, 0f, 7f, -0.5f };
        var tensor = new ProtoWriter()
            .PackedVarints(1, 2, 3)
            .Varint(2, OnnxTensor.FloatDataType)
            .String(8, "W")
            .Bytes(9, rawWeights.SelectMany(BitConverter.GetBytes).ToArray());
        var unpackedTensor = new ProtoWriter()
            .Varint(1, 2)
            .Varint(2, OnnxTensor.FloatDataType)
            .Float(4, 0.25f).Float(4, -4f)
            .String(8, "B");
        var node = new ProtoWriter()
            .String(1, "X").String(1, "W").String(1, "B").String(2, "Y")
            .String(3, "gemm0").String(4, "Gemm")
            .Message(5, new ProtoWriter().String(1, "axis").Varint(3, -1).Varint(20, 2))
            .Message(5, new ProtoWriter().String(1, "alpha").Float(2, 0.75f).Varint(20, 1))
            .Message(5, new ProtoWriter().String(1, "perm").Varint(8, 1).Varint(8, 0).Varint(20, 7))
            .Message(5, new ProtoWriter().String(1, "mode").String(4, "edge").Varint(20, 3));
        var input = new ProtoWriter().String(1, "X").Message(2, new ProtoWriter().Message(1,
            new ProtoWriter().Varint(1, 1).Message(2, new ProtoWriter()
                .Message(1, new ProtoWriter().String(2, "batch"))
                .Message(1, new ProtoWriter().Varint(1, 3)))));
        var graph = new ProtoWriter().Message(1, node).String(2, "g").Message(5, tensor).Message(5, unpackedTensor).Message(11, input);
        byte[] bytes = new ProtoWriter().Varint(1, 7).String(2, "test").Message(7, graph).ToArray();

        OnnxModel model = OnnxModelFile.Parse(bytes, "memory");

        Assert.Equal(7, model.IrVersion);
        OnnxNode gemm = Assert.Single(model.Graph.Nodes);
        Assert.Equal(["X", "W", "B"], gemm.Inputs);
        Assert.Equal(-1, gemm.Int("axis", 0));
        Assert.Equal(0.75f, gemm.Float("alpha", 0));
        Assert.Equal(new long[] { 1, 0 }, gemm.Ints("perm", []));
        Assert.Equal("edge", gemm.String("mode", null));
        Assert.Equal(rawWeights, model.Graph.Initializer("W").ToFloatArray());
        Assert.Equal(new long[] { 2, 3 }, model.Graph.Initializer("W").Dims);
        Assert.Equal(new[] { 0.25f, -4f }, model.Graph.Initializer("B").ToFloatArray());
        Assert.Equal(new long?[] { null, 3 }, model.Graph.Inputs.Single().Shape);
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        using var dir = new TempDir();
        string path = dir.File("none.onnx");
        var e = Assert.Throws<MipInputException>(() => OnnxModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("text")]
    [InlineData("size-mismatch")]
    public void CorruptFileIsAFormatErrorNamingIt(string damage)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.onnx");
        byte[] bytes = damage switch
        {
            "truncated" => File.ReadAllBytes(PretrainedFiles.ResNetPreprocessOnnx)[..5000],
            "text" => "this is not an ONNX model at all"u8.ToArray(),
            _ => new ProtoWriter().Varint(1, 3).Message(7, new ProtoWriter().Message(5, new ProtoWriter()
                .PackedVarints(1, 4).Varint(2, OnnxTensor.FloatDataType).String(8, "short")
                .Bytes(9, new byte[8]))).ToArray(),
        };
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }
}
