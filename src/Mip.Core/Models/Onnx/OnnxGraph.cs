namespace Mip.Models.Onnx;

/// <summary>The computation graph of an ONNX model.</summary>
/// <param name="Name">Graph name.</param>
/// <param name="Nodes">Operators in the file's (topological) order.</param>
/// <param name="Initializers">Constant tensors (the trained weights) by name.</param>
/// <param name="Inputs">Declared inputs. Older exporters also list initializers here.</param>
/// <param name="Outputs">Declared outputs.</param>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyDictionary<string, OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs)
{
    /// <summary>The initializer <paramref name="name"/>; throws <see cref="OnnxFormatException"/> when there is none.</summary>
    public OnnxTensor Initializer(string name) =>
        Initializers.TryGetValue(name, out var t)
            ? t
            : throw new OnnxFormatException($"ONNX graph '{Name}' has no initializer named '{name}'.");

    /// <summary>The nodes that read the value <paramref name="valueName"/>.</summary>
    public IEnumerable<OnnxNode> Consumers(string valueName) => Nodes.Where(n => n.Inputs.Contains(valueName));
}
