namespace Mip.Models.Onnx;

/// <summary>A node attribute. Only the kinds a convolutional network uses are decoded; others keep just their name and type.</summary>
/// <param name="Name">Attribute name, e.g. "strides".</param>
/// <param name="Type">ONNX AttributeType code (1 float, 2 int, 3 string, 4 tensor, 6 floats, 7 ints, ...).</param>
/// <param name="Float">Value of a float attribute.</param>
/// <param name="Int">Value of an int attribute.</param>
/// <param name="String">Value of a string attribute (UTF-8 decoded).</param>
/// <param name="Floats">Values of a floats attribute.</param>
/// <param name="Ints">Values of an ints attribute.</param>
/// <param name="Tensor">Value of a tensor attribute.</param>
public sealed record OnnxAttribute(
    string Name,
    int Type,
    float Float,
    long Int,
    string? String,
    IReadOnlyList<float> Floats,
    IReadOnlyList<long> Ints,
    OnnxTensor? Tensor);
