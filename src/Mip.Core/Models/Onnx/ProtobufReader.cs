using System.Buffers.Binary;

namespace Mip.Models.Onnx;

/// <summary>Protobuf wire types (the low three bits of a field tag).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>Thrown by <see cref="ProtobufReader"/> when the bytes are not a well-formed protobuf message.</summary>
internal sealed class ProtobufFormatException(string message) : Exception(message);

/// <summary>
/// Reads the protobuf wire format field by field, without a schema. Length-delimited fields are returned as slices of
/// the underlying buffer, so large tensors are never copied until they are converted.
/// </summary>
internal struct ProtobufReader(ReadOnlyMemory<byte> message)
{
    private readonly ReadOnlyMemory<byte> _message = message;
    private int _position;

    public readonly bool AtEnd => _position >= _message.Length;

    /// <summary>Reads the next tag; returns false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        fieldNumber = 0;
        wireType = WireType.Varint;
        if (AtEnd) return false;
        ulong tag = ReadVarint();
        fieldNumber = checked((int)(tag >> 3));
        wireType = (WireType)(tag & 7);
        if (fieldNumber == 0) throw new ProtobufFormatException($"field number 0 at byte {_position}");
        return true;
    }

    public ulong ReadVarint()
    {
        ReadOnlySpan<byte> span = _message.Span;
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= span.Length) throw new ProtobufFormatException("truncated varint");
            byte b = span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new ProtobufFormatException($"varint longer than 10 bytes at byte {_position}");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public float ReadFixed32AsFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4).Span);

    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_message.Length - _position))
            throw new ProtobufFormatException($"length {length} at byte {_position} runs past the end of the message");
        return Take((int)length);
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadLengthDelimited().Span);

    /// <summary>Reads one value of a repeated int64 field, or all of them when the field is packed.</summary>
    public void ReadInt64s(WireType wireType, List<long> into)
    {
        if (wireType == WireType.Varint)
        {
            into.Add(ReadInt64());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        var packed = new ProtobufReader(ReadLengthDelimited());
        while (!packed.AtEnd) into.Add(packed.ReadInt64());
    }

    /// <summary>Reads one value of a repeated float field, or all of them when the field is packed.</summary>
    public void ReadFloats(WireType wireType, List<float> into)
    {
        if (wireType == WireType.Fixed32)
        {
            into.Add(ReadFixed32AsFloat());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        ReadOnlySpan<byte> bytes = ReadLengthDelimited().Span;
        if (bytes.Length % 4 != 0) throw new ProtobufFormatException("packed float field length is not a multiple of 4");
        for (int i = 0; i < bytes.Length; i += 4) into.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]));
    }

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.Fixed32: Take(4); break;
            case WireType.LengthDelimited: ReadLengthDelimited(); break;
            default: throw new ProtobufFormatException($"unsupported wire type {(int)wireType} at byte {_position}");
        }
    }

    public static void Expect(WireType actual, WireType expected)
    {
        if (actual != expected) throw new ProtobufFormatException($"wire type {(int)actual} where {(int)expected} was expected");
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > _message.Length - _position) throw new ProtobufFormatException("message is truncated");
        ReadOnlyMemory<byte> slice = _message.Slice(_position, count);
        _position += count;
        return slice;
    }
}
