using System.Text;

namespace Mip.Tests.Models;

/// <summary>Minimal protobuf encoder for building ONNX test files field by field.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        _bytes.Write(BitConverter.GetBytes(value));
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter PackedVarints(int field, params long[] values)
    {
        var packed = new ProtoWriter();
        foreach (long v in values) packed.WriteVarint(unchecked((ulong)v));
        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.WriteByte((byte)value);
    }
}
