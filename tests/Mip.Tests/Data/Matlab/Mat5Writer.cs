using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mip.Tests.Data.Matlab;

/// <summary>
/// Writes MATLAB Level 5 MAT-files byte by byte, for tests. It shares no code or constants with the reader, so a
/// wrong type code or layout rule in the reader shows up as a failing test.
/// </summary>
internal sealed class Mat5Writer(bool bigEndian = false)
{
    // Data-element types.
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
        MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16;

    // Array classes.
    public const int MxCell = 1, MxStruct = 2, MxObject = 3, MxChar = 4, MxSparse = 5, MxDouble = 6, MxSingle = 7,
        MxInt8 = 8, MxUInt8 = 9, MxInt16 = 10, MxUInt16 = 11, MxInt32 = 12, MxUInt32 = 13, MxInt64 = 14, MxUInt64 = 15;

    public bool BigEndian => bigEndian;

    /// <summary>The 128-byte header: space-padded text, zero subsystem offset, version 0x0100, endian indicator.</summary>
    public byte[] Header(string text = "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Tue Jan  6 12:00:00 2015")
    {
        var header = new byte[128];
        Array.Fill(header, (byte)' ', 0, 116);
        Encoding.ASCII.GetBytes(text).AsSpan(0, Math.Min(text.Length, 116)).CopyTo(header);
        Array.Clear(header, 116, 8);
        U16(0x0100).CopyTo(header, 124);
        // The indicator is the characters 'M','I' written as one 16-bit value, so it reads "IM" in a little-endian file.
        header[126] = (byte)(bigEndian ? 'M' : 'I');
        header[127] = (byte)(bigEndian ? 'I' : 'M');
        return header;
    }

    /// <summary>A whole file: header then the given top-level elements.</summary>
    public byte[] File(params byte[][] elements) => [.. Header(), .. elements.SelectMany(e => e)];

    /// <summary>A data element; payloads of 1 to 4 bytes use the small format unless <paramref name="allowSmall"/> is false.</summary>
    public byte[] Element(int type, byte[] payload, bool allowSmall = true)
    {
        if (allowSmall && payload.Length is > 0 and <= 4)
        {
            var small = new byte[8];
            U32((uint)(payload.Length << 16 | type)).CopyTo(small, 0);
            payload.CopyTo(small, 4);
            return small;
        }
        int padded = (payload.Length + 7) / 8 * 8;
        var element = new byte[8 + padded];
        U32((uint)type).CopyTo(element, 0);
        U32((uint)payload.Length).CopyTo(element, 4);
        payload.CopyTo(element, 8);
        return element;
    }

    /// <summary>An miMATRIX element: flags, dimensions, name, then the class-specific body elements.</summary>
    public byte[] Matrix(int mxClass, int[] dims, string name, byte[][] body, bool complex = false, bool logical = false)
    {
        uint flags = (uint)mxClass | (complex ? 0x0800u : 0) | (logical ? 0x0200u : 0);
        byte[] payload =
        [
            .. Element(MiUInt32, [.. U32(flags), .. U32(0)]),
            .. Element(MiInt32, dims.SelectMany(d => U32((uint)d)).ToArray()),
            .. Element(MiInt8, Encoding.ASCII.GetBytes(name)),
            .. body.SelectMany(b => b),
        ];
        return Element(MiMatrix, payload, allowSmall: false);
    }

    /// <summary>An miMATRIX element with no payload: how MATLAB writes an empty array inside a cell or struct.</summary>
    public byte[] EmptyMatrix() => [.. U32(MiMatrix), .. U32(0)];

    /// <summary>An miCOMPRESSED element holding <paramref name="element"/> zlib-compressed (not padded).</summary>
    public byte[] Compressed(byte[] element)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(element);
        byte[] data = buffer.ToArray();
        return [.. U32(MiCompressed), .. U32((uint)data.Length), .. data];
    }

    /// <summary>A numeric array of class <paramref name="mxClass"/> whose values are stored as <paramref name="storedType"/>.</summary>
    public byte[] Numeric(int mxClass, int storedType, int[] dims, string name, double[] real, double[]? imaginary = null,
        bool logical = false)
    {
        var body = new List<byte[]> { Element(storedType, Encode(storedType, real)) };
        if (imaginary is not null) body.Add(Element(storedType, Encode(storedType, imaginary)));
        return Matrix(mxClass, dims, name, [.. body], complex: imaginary is not null, logical: logical);
    }

    /// <summary>A 1x1 double stored as <paramref name="storedType"/>.</summary>
    public byte[] Scalar(int mxClass, int storedType, double value, string name = "") =>
        Numeric(mxClass, storedType, [1, 1], name, [value]);

    /// <summary>A char array of the given rows (equal lengths), column-major, as UTF-16 code units or UTF-8.</summary>
    public byte[] Char(string name, string[] rows, int storedType = MiUInt16)
    {
        int m = rows.Length, n = m == 0 ? 0 : rows[0].Length;
        var columnMajor = new StringBuilder();
        for (int c = 0; c < n; c++)
            for (int r = 0; r < m; r++) columnMajor.Append(rows[r][c]);
        string text = columnMajor.ToString();
        byte[] data = storedType == MiUtf8
            ? Encoding.UTF8.GetBytes(text)
            : text.SelectMany(ch => U16(ch)).ToArray();
        return Matrix(MxChar, [m, n], name, [Element(storedType, data)]);
    }

    /// <summary>A 1xN char array.</summary>
    public byte[] Text(string text, string name = "", int storedType = MiUInt16) => Char(name, [text], storedType);

    /// <summary>A cell array whose elements (column-major) are the given miMATRIX elements.</summary>
    public byte[] Cell(string name, int[] dims, params byte[][] elements) => Matrix(MxCell, dims, name, elements);

    /// <summary>
    /// A struct array: field-name length (small miINT32), zero-padded field names, then per element, per field, the
    /// given miMATRIX elements (<paramref name="values"/>[element][field]).
    /// </summary>
    public byte[] Struct(string name, int[] dims, string[] fields, byte[][][] values, int nameLength = 32)
    {
        var names = new byte[fields.Length * nameLength];
        for (int f = 0; f < fields.Length; f++) Encoding.ASCII.GetBytes(fields[f]).CopyTo(names, f * nameLength);
        var body = new List<byte[]> { Element(MiInt32, U32((uint)nameLength)), Element(MiInt8, names, allowSmall: false) };
        foreach (var element in values) body.AddRange(element);
        return Matrix(MxStruct, dims, name, [.. body]);
    }

    /// <summary>Encodes values as the given data type in the writer's byte order.</summary>
    public byte[] Encode(int type, double[] values)
    {
        var bytes = new List<byte>();
        foreach (double v in values)
        {
            byte[] one = type switch
            {
                MiInt8 => [(byte)(sbyte)v],
                MiUInt8 => [(byte)v],
                MiInt16 => U16((ushort)(short)v),
                MiUInt16 => U16((ushort)v),
                MiInt32 => U32((uint)(int)v),
                MiUInt32 => U32((uint)v),
                MiSingle => U32(BitConverter.SingleToUInt32Bits((float)v)),
                MiInt64 => U64((ulong)(long)v),
                MiUInt64 => U64((ulong)v),
                MiDouble => U64(BitConverter.DoubleToUInt64Bits(v)),
                _ => throw new ArgumentOutOfRangeException(nameof(type)),
            };
            bytes.AddRange(one);
        }
        return [.. bytes];
    }

    public byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return b;
    }

    public byte[] U32(uint v)
    {
        var b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    public byte[] U64(ulong v)
    {
        var b = new byte[8];
        if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }
}
