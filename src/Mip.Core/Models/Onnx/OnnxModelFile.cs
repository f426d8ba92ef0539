using System.Runtime.InteropServices;
using Mip.IO;

namespace Mip.Models.Onnx;

/// <summary>
/// Reads ONNX model files with a small protobuf decoder (no ONNX or protobuf dependency): the graph's nodes, their
/// attributes, its declared inputs and outputs, and its float initializers.
/// </summary>
public static class OnnxModelFile
{
    // Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttrName = 1, AttrFloat = 2, AttrInt = 3, AttrString = 4, AttrTensor = 5, AttrFloats = 7, AttrInts = 8, AttrType = 20;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorName = 8, TensorRawData = 9, TensorExternalData = 13;
    private const int ValueName = 1, ValueType = 2, TypeTensor = 1, TensorTypeElem = 1, TensorTypeShape = 2, ShapeDim = 1, DimValue = 1;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="MipInputException">The file does not exist or cannot be read.</exception>
    /// <exception cref="OnnxFormatException">The file is not a readable ONNX model.</exception>
    public static OnnxModel Load(string path)
    {
        if (!File.Exists(path))
            throw new MipInputException($"ONNX model file '{path}' does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MipInputException($"ONNX model file '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Decodes a serialized ModelProto; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="OnnxFormatException">The bytes are not a readable ONNX model.</exception>
    public static OnnxModel Parse(ReadOnlyMemory<byte> bytes, string source)
    {
        try
        {
            return ReadModel(bytes, source);
        }
        catch (Exception e) when (e is ProtobufFormatException or OverflowException)
        {
            throw new OnnxFormatException($"'{source}' is not a valid ONNX model file ({e.Message}).", e);
        }
    }

    private static OnnxModel ReadModel(ReadOnlyMemory<byte> bytes, string source)
    {
        var reader = new ProtobufReader(bytes);
        long irVersion = 0;
        string producer = "", producerVersion = "";
        OnnxGraph? graph = null;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case ModelIrVersion when wire == WireType.Varint: irVersion = reader.ReadInt64(); break;
                case ModelProducerName when wire == WireType.LengthDelimited: producer = reader.ReadString(); break;
                case ModelProducerVersion when wire == WireType.LengthDelimited: producerVersion = reader.ReadString(); break;
                case ModelGraph when wire == WireType.LengthDelimited: graph = ReadGraph(reader.ReadLengthDelimited(), source); break;
                default: reader.Skip(wire); break;
            }
        }
        if (graph is null || irVersion <= 0)
            throw new OnnxFormatException($"'{source}' is not a valid ONNX model file (no IR version or no graph).");
        return new OnnxModel(source, irVersion, producer, producerVersion, graph);
    }

    private static OnnxGraph ReadGraph(ReadOnlyMemory<byte> bytes, string source)
    {
        var reader = new ProtobufReader(bytes);
        string name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            switch (field)
            {
                case GraphNode: nodes.Add(ReadNode(reader.ReadLengthDelimited(), source)); break;
                case GraphName: name = reader.ReadString(); break;
                case GraphInitializer:
                    OnnxTensor tensor = ReadTensor(reader.ReadLengthDelimited(), source);
                    if (!initializers.TryAdd(tensor.Name, tensor))
                        throw new OnnxFormatException($"'{source}' defines the initializer '{tensor.Name}' twice.");
                    break;
                case GraphInput: inputs.Add(ReadValueInfo(reader.ReadLengthDelimited())); break;
                case GraphOutput: outputs.Add(ReadValueInfo(reader.ReadLengthDelimited())); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(ReadOnlyMemory<byte> bytes, string source)
    {
        var reader = new ProtobufReader(bytes);
        string name = "", opType = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            switch (field)
            {
                case NodeInput: inputs.Add(reader.ReadString()); break;
                case NodeOutput: outputs.Add(reader.ReadString()); break;
                case NodeName: name = reader.ReadString(); break;
                case NodeOpType: opType = reader.ReadString(); break;
                case NodeDomain: domain = reader.ReadString(); break;
                case NodeAttribute:
                    OnnxAttribute attribute = ReadAttribute(reader.ReadLengthDelimited(), source);
                    attributes[attribute.Name] = attribute;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        if (opType.Length == 0)
            throw new OnnxFormatException($"'{source}' has a node without an operator type (node '{name}').");
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(ReadOnlyMemory<byte> bytes, string source)
    {
        var reader = new ProtobufReader(bytes);
        string name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        string? s = null;
        OnnxTensor? tensor = null;
        var floats = new List<float>();
        var ints = new List<long>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case AttrName when wire == WireType.LengthDelimited: name = reader.ReadString(); break;
                case AttrType when wire == WireType.Varint: type = (int)reader.ReadInt64(); break;
                case AttrFloat when wire == WireType.Fixed32: f = reader.ReadFixed32AsFloat(); break;
                case AttrInt when wire == WireType.Varint: i = reader.ReadInt64(); break;
                case AttrString when wire == WireType.LengthDelimited: s = reader.ReadString(); break;
                case AttrTensor when wire == WireType.LengthDelimited: tensor = ReadTensor(reader.ReadLengthDelimited(), source); break;
                case AttrFloats: reader.ReadFloats(wire, floats); break;
                case AttrInts: reader.ReadInt64s(wire, ints); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxAttribute(name, type, f, i, s, floats, ints, tensor);
    }

    private static OnnxTensor ReadTensor(ReadOnlyMemory<byte> bytes, string source)
    {
        var reader = new ProtobufReader(bytes);
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        ReadOnlyMemory<byte>? raw = null;
        // float_data is normally one packed run, kept as a slice of the file; unpacked values are gathered separately.
        var packedRuns = new List<ReadOnlyMemory<byte>>();
        var looseFloats = new List<float>();
        bool external = false;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case TensorDims: reader.ReadInt64s(wire, dims); break;
                case TensorDataType when wire == WireType.Varint: dataType = (int)reader.ReadInt64(); break;
                case TensorName when wire == WireType.LengthDelimited: name = reader.ReadString(); break;
                case TensorRawData when wire == WireType.LengthDelimited: raw = reader.ReadLengthDelimited(); break;
                case TensorFloatData when wire == WireType.LengthDelimited: packedRuns.Add(reader.ReadLengthDelimited()); break;
                case TensorFloatData when wire == WireType.Fixed32: looseFloats.Add(reader.ReadFixed32AsFloat()); break;
                case TensorExternalData: external = true; reader.Skip(wire); break;
                default: reader.Skip(wire); break;
            }
        }
        if (external)
            throw new OnnxFormatException($"'{source}': tensor '{name}' keeps its data in an external file, which is not supported.");
        if (dims.Any(d => d < 0))
            throw new OnnxFormatException($"'{source}': tensor '{name}' has a negative dimension.");

        ReadOnlyMemory<byte> data;
        if (raw is { } r) data = r;
        else if (packedRuns.Count == 1 && looseFloats.Count == 0) data = packedRuns[0];
        else
        {
            var all = new List<byte>();
            foreach (var run in packedRuns) all.AddRange(run.ToArray());
            all.AddRange(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(looseFloats)).ToArray());
            data = all.ToArray();
        }

        var tensor = new OnnxTensor(name, dims.ToArray(), dataType, data);
        if (dataType == OnnxTensor.FloatDataType && data.Length != tensor.ElementCount * sizeof(float))
            throw new OnnxFormatException(
                $"'{source}': tensor '{name}' declares {tensor.ElementCount} floats but holds {data.Length} bytes.");
        return tensor;
    }

    private static OnnxValueInfo ReadValueInfo(ReadOnlyMemory<byte> bytes)
    {
        var reader = new ProtobufReader(bytes);
        string name = "";
        int elementType = 0;
        var shape = new List<long?>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == ValueName && wire == WireType.LengthDelimited) name = reader.ReadString();
            else if (field == ValueType && wire == WireType.LengthDelimited) ReadTypeProto(reader.ReadLengthDelimited(), ref elementType, shape);
            else reader.Skip(wire);
        }
        return new OnnxValueInfo(name, elementType, shape);
    }

    private static void ReadTypeProto(ReadOnlyMemory<byte> bytes, ref int elementType, List<long?> shape)
    {
        var type = new ProtobufReader(bytes);
        while (type.TryReadTag(out int field, out WireType wire))
        {
            if (field != TypeTensor || wire != WireType.LengthDelimited)
            {
                type.Skip(wire);
                continue;
            }
            var tensorType = new ProtobufReader(type.ReadLengthDelimited());
            while (tensorType.TryReadTag(out int f2, out WireType w2))
            {
                if (f2 == TensorTypeElem && w2 == WireType.Varint) elementType = (int)tensorType.ReadInt64();
                else if (f2 == TensorTypeShape && w2 == WireType.LengthDelimited) ReadShape(tensorType.ReadLengthDelimited(), shape);
                else tensorType.Skip(w2);
            }
        }
    }

    private static void ReadShape(ReadOnlyMemory<byte> bytes, List<long?> shape)
    {
        var reader = new ProtobufReader(bytes);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field != ShapeDim || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            var dim = new ProtobufReader(reader.ReadLengthDelimited());
            long? value = null;
            while (dim.TryReadTag(out int f2, out WireType w2))
            {
                if (f2 == DimValue && w2 == WireType.Varint) value = dim.ReadInt64();
                else dim.Skip(w2);
            }
            shape.Add(value);
        }
    }
}
