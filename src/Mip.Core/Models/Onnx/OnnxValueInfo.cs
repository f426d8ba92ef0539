namespace Mip.Models.Onnx;

/// <summary>A declared graph input or output.</summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">ONNX element type code (1 = float), 0 when not declared.</param>
/// <param name="Shape">Dimensions; null for a symbolic or unknown dimension.</param>
public sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<long?> Shape);
