namespace Mip.Models.Onnx;

/// <summary>One operator of an ONNX graph.</summary>
/// <param name="Name">Node name (may be empty).</param>
/// <param name="OpType">Operator, e.g. "Conv".</param>
/// <param name="Domain">Operator set domain; empty for the default ONNX domain.</param>
/// <param name="Inputs">Names of the input values, in order.</param>
/// <param name="Outputs">Names of the output values, in order.</param>
/// <param name="Attributes">Attributes by name.</param>
public sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    /// <summary>The ints attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public IReadOnlyList<long> Ints(string name, IReadOnlyList<long> fallback) =>
        Attributes.TryGetValue(name, out var a) ? a.Ints : fallback;

    /// <summary>The int attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) ? a.Int : fallback;

    /// <summary>The float attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) ? a.Float : fallback;

    /// <summary>The string attribute <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string name, string? fallback) => Attributes.TryGetValue(name, out var a) ? a.String : fallback;
}
