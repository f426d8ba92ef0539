using System.Runtime.InteropServices;

namespace Mip.Models.Onnx;

/// <summary>A tensor stored in an ONNX file (an initializer or a tensor-valued attribute).</summary>
public sealed class OnnxTensor
{
    /// <summary>ONNX TensorProto.DataType value for 32-bit floats.</summary>
    public const int FloatDataType = 1;

    private readonly ReadOnlyMemory<byte> _floatBytes;

    internal OnnxTensor(string name, long[] dims, int dataType, ReadOnlyMemory<byte> floatBytes)
    {
        Name = name;
        Dims = dims;
        DataType = dataType;
        _floatBytes = floatBytes;
    }

    /// <summary>The tensor's name (initializers are referenced by node inputs through it).</summary>
    public string Name { get; }

    /// <summary>The shape.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>ONNX element type code (1 = float).</summary>
    public int DataType { get; }

    /// <summary>Number of elements implied by <see cref="Dims"/> (1 for a scalar).</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>The values as little-endian float32 bytes, whether the file stored them as raw_data or float_data.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not float32.</exception>
    public ReadOnlySpan<byte> FloatBytes
    {
        get
        {
            if (DataType != FloatDataType)
                throw new InvalidOperationException($"ONNX tensor '{Name}' has element type {DataType}, not float32.");
            return _floatBytes.Span;
        }
    }

    /// <summary>Copies the values into a new array.</summary>
    public float[] ToFloatArray() => MemoryMarshal.Cast<byte, float>(FloatBytes).ToArray();
}
