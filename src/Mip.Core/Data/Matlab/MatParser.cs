using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mip.Data.Matlab;

/// <summary>Decodes the data elements of a MAT 5 file into <see cref="MatArray"/> values.</summary>
internal sealed class MatParser
{
    private const int HeaderLength = 128;
    private const int HeaderTextLength = 116;

    // Array-flags bits, in the first uint32 of the flags sub-element (the class is its low byte).
    private const uint ComplexFlag = 0x0800;
    private const uint LogicalFlag = 0x0200;

    private readonly string _source;
    private readonly bool _bigEndian;

    private MatParser(string source, bool bigEndian)
    {
        _source = source;
        _bigEndian = bigEndian;
    }

    /// <summary>A data element: its type and its payload (without tag or padding).</summary>
    private readonly record struct Element(MatDataType Type, ReadOnlyMemory<byte> Data);

    public static MatFile Parse(ReadOnlyMemory<byte> bytes, string source)
    {
        var span = bytes.Span;
        if (span.Length < HeaderLength)
            throw new MatFileException(
                $"'{source}' is not a MAT-file: it has {span.Length} bytes, fewer than the 128-byte header.");

        string headerText = Encoding.ASCII.GetString(span[..HeaderTextLength]).TrimEnd('\0', ' ');
        if (headerText.StartsWith("MATLAB 7.3", StringComparison.Ordinal))
            throw new MatFileException(
                $"'{source}' is a MAT v7.3 (HDF5) file, which is not supported; re-save it with save(..., '-v7').");

        bool bigEndian;
        if (span[126] == (byte)'I' && span[127] == (byte)'M') bigEndian = false;
        else if (span[126] == (byte)'M' && span[127] == (byte)'I') bigEndian = true;
        else
            throw new MatFileException(
                $"'{source}' is not a MATLAB 5 MAT-file: its header has no endian indicator (MAT v4 files are not supported).");

        var parser = new MatParser(source, bigEndian);
        ushort version = parser.U16(span, 124);
        if (version != 0x0100)
            throw new MatFileException($"'{source}' has MAT-file version 0x{version:X4}; only 0x0100 (MAT 5, v6 and v7) is supported.");

        var variables = new List<MatArray>();
        int pos = HeaderLength;
        while (pos < bytes.Length)
        {
            // Some writers pad the end of the file; trailing zero bytes shorter than a tag hold nothing.
            if (bytes.Length - pos < 8 && !span[pos..].ContainsAnyExcept((byte)0)) break;
            int at = pos;
            var element = parser.ReadElement(bytes, ref pos, () => $"top-level element at byte {at}");
            MatArray variable = element.Type switch
            {
                MatDataType.Matrix => parser.ParseMatrix(element.Data, parentLocation: null, at),
                MatDataType.Compressed => parser.ParseCompressed(element.Data, at),
                _ => throw parser.Fail($"top-level element at byte {at} has type {(int)element.Type}; expected miMATRIX (14) or miCOMPRESSED (15)."),
            };
            // MATLAB's subsystem data (for objects and function handles) is an unnamed top-level array: not a variable.
            if (variable.Name.Length > 0) variables.Add(variable);
        }
        return new MatFile(source, headerText, variables);
    }

    private MatArray ParseCompressed(ReadOnlyMemory<byte> compressed, int fileOffset)
    {
        byte[] inflated;
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            inflated = output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw Fail($"the compressed element at byte {fileOffset} is not valid zlib data ({e.Message}).", e);
        }

        int pos = 0;
        var inner = ReadElement(inflated, ref pos, () => $"compressed element at byte {fileOffset}");
        if (inner.Type != MatDataType.Matrix)
            throw Fail($"the compressed element at byte {fileOffset} holds an element of type {(int)inner.Type}, not miMATRIX (14).");
        return ParseMatrix(inner.Data, parentLocation: null, fileOffset);
    }

    /// <summary>
    /// Parses the contents of an miMATRIX element. <paramref name="parentLocation"/> is null for a top-level variable
    /// (whose location is its name) and otherwise the location of this element inside its cell or struct.
    /// </summary>
    private MatArray ParseMatrix(ReadOnlyMemory<byte> data, string? parentLocation, int fileOffset)
    {
        string where = parentLocation ?? $"variable at byte {fileOffset}";
        // MATLAB writes an empty array inside a cell or struct as an miMATRIX element with no payload.
        if (data.IsEmpty)
            return new MatNumericArray(MatClass.Double, "", [0, 0], where, _source, [], null, isLogical: false);

        int pos = 0;
        var flagsElement = ReadElement(data, ref pos, () => where);
        if (flagsElement.Type != MatDataType.UInt32 || flagsElement.Data.Length != 8)
            throw Fail($"{where}: the array-flags sub-element is not 8 bytes of miUINT32.");
        uint flags = U32(flagsElement.Data.Span, 0);
        var matClass = (MatClass)(flags & 0xFF);
        bool isComplex = (flags & ComplexFlag) != 0;
        bool isLogical = (flags & LogicalFlag) != 0;

        var dimsElement = ReadElement(data, ref pos, () => where);
        if (dimsElement.Type != MatDataType.Int32 || dimsElement.Data.Length < 4 || dimsElement.Data.Length % 4 != 0)
            throw Fail($"{where}: the dimensions sub-element is not a list of miINT32 values.");
        int[] dims = new int[dimsElement.Data.Length / 4];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = (int)U32(dimsElement.Data.Span, 4 * i);
            if (dims[i] < 0) throw Fail($"{where}: dimension {i + 1} is negative ({dims[i]}).");
            count *= dims[i];
            if (count > int.MaxValue) throw Fail($"{where}: the dimensions {string.Join('x', dims)} are too large.");
        }

        var nameElement = ReadElement(data, ref pos, () => where);
        if (nameElement.Type is not (MatDataType.Int8 or MatDataType.UInt8))
            throw Fail($"{where}: the array-name sub-element has type {(int)nameElement.Type}, not miINT8.");
        string name = Encoding.ASCII.GetString(nameElement.Data.Span).TrimEnd('\0');
        string location = parentLocation ?? (name.Length > 0 ? name : where);

        return matClass switch
        {
            MatClass.Cell => ParseCell(data, pos, name, dims, (int)count, location),
            MatClass.Struct => ParseStruct(data, pos, name, dims, (int)count, location),
            MatClass.Char => ParseChar(data, pos, name, dims, (int)count, location),
            >= MatClass.Double and <= MatClass.UInt64 =>
                ParseNumeric(data, pos, matClass, name, dims, (int)count, location, isComplex, isLogical),
            _ => new MatUnsupportedArray(matClass, name, dims, location, _source),
        };
    }

    private MatCellArray ParseCell(ReadOnlyMemory<byte> data, int pos, string name, int[] dims, int count, string location)
    {
        var elements = new MatArray[count];
        for (int i = 0; i < count; i++)
        {
            string elementLocation = $"{location}{{{i + 1}}}";
            var element = ReadElement(data, ref pos, () => elementLocation);
            if (element.Type != MatDataType.Matrix)
                throw Fail($"{elementLocation}: expected an miMATRIX element, found type {(int)element.Type}.");
            elements[i] = ParseMatrix(element.Data, elementLocation, 0);
        }
        return new MatCellArray(name, dims, location, _source, elements);
    }

    private MatStructArray ParseStruct(ReadOnlyMemory<byte> data, int pos, string name, int[] dims, int count, string location)
    {
        var lengthElement = ReadElement(data, ref pos, () => location);
        if (lengthElement.Type != MatDataType.Int32 || lengthElement.Data.Length != 4)
            throw Fail($"{location}: the field-name-length sub-element is not one miINT32 value.");
        int nameLength = (int)U32(lengthElement.Data.Span, 0);

        var namesElement = ReadElement(data, ref pos, () => location);
        if (namesElement.Type is not (MatDataType.Int8 or MatDataType.UInt8))
            throw Fail($"{location}: the field-names sub-element has type {(int)namesElement.Type}, not miINT8.");
        int namesBytes = namesElement.Data.Length;
        if (namesBytes > 0 && (nameLength <= 0 || namesBytes % nameLength != 0))
            throw Fail($"{location}: {namesBytes} bytes of field names are not a whole number of {nameLength}-byte names.");
        int fieldCount = namesBytes == 0 ? 0 : namesBytes / nameLength;
        var fieldNames = new string[fieldCount];
        for (int f = 0; f < fieldCount; f++)
        {
            var raw = namesElement.Data.Span.Slice(f * nameLength, nameLength);
            int end = raw.IndexOf((byte)0);
            fieldNames[f] = Encoding.ASCII.GetString(end < 0 ? raw : raw[..end]);
        }

        var values = new MatArray[(long)count * fieldCount > int.MaxValue
            ? throw Fail($"{location}: {count} elements x {fieldCount} fields is too many.")
            : count * fieldCount];
        for (int i = 0; i < count; i++)
        {
            string elementLocation = count == 1 ? location : $"{location}({i + 1})";
            for (int f = 0; f < fieldCount; f++)
            {
                string fieldLocation = $"{elementLocation}.{fieldNames[f]}";
                var element = ReadElement(data, ref pos, () => fieldLocation);
                if (element.Type != MatDataType.Matrix)
                    throw Fail($"{fieldLocation}: expected an miMATRIX element, found type {(int)element.Type}.");
                values[i * fieldCount + f] = ParseMatrix(element.Data, fieldLocation, 0);
            }
        }
        return new MatStructArray(name, dims, location, _source, fieldNames, values);
    }

    private MatCharArray ParseChar(ReadOnlyMemory<byte> data, int pos, string name, int[] dims, int count, string location)
    {
        string chars;
        if (pos >= data.Length)
        {
            chars = "";
        }
        else
        {
            var element = ReadElement(data, ref pos, () => location);
            var span = element.Data.Span;
            chars = element.Type switch
            {
                MatDataType.UInt16 or MatDataType.Utf16 => DecodeUtf16(span, location),
                MatDataType.Utf8 => Encoding.UTF8.GetString(span),
                MatDataType.UInt8 or MatDataType.Int8 => Encoding.Latin1.GetString(span),
                MatDataType.Utf32 => new UTF32Encoding(_bigEndian, false).GetString(span),
                _ => throw Fail($"{location}: char data has type {(int)element.Type}, which is not a character type."),
            };
        }
        if (chars.Length != count)
            throw Fail($"{location}: a {string.Join('x', dims)} char array holds {chars.Length} characters, expected {count}.");

        // Column-major: character (r, c) sits at r + c * rows; any trailing dimensions extend the columns.
        int rows = dims[0];
        int columns = rows == 0 ? 0 : count / rows;
        var result = new string[count == 0 ? 0 : rows];
        var buffer = new char[columns];
        for (int r = 0; r < result.Length; r++)
        {
            for (int c = 0; c < columns; c++) buffer[c] = chars[r + c * rows];
            result[r] = new string(buffer);
        }
        return new MatCharArray(name, dims, location, _source, result);
    }

    private MatNumericArray ParseNumeric(ReadOnlyMemory<byte> data, int pos, MatClass matClass, string name, int[] dims,
        int count, string location, bool isComplex, bool isLogical)
    {
        double[] real = count == 0 && pos >= data.Length ? [] : ReadNumbers(ReadElement(data, ref pos, () => location), location, "real part");
        if (real.Length != count)
            throw Fail($"{location}: a {string.Join('x', dims)} array holds {real.Length} values, expected {count}.");
        double[]? imaginary = null;
        if (isComplex)
        {
            imaginary = count == 0 && pos >= data.Length ? [] : ReadNumbers(ReadElement(data, ref pos, () => location), location, "imaginary part");
            if (imaginary.Length != count)
                throw Fail($"{location}: the imaginary part holds {imaginary.Length} values, expected {count}.");
        }
        return new MatNumericArray(matClass, name, dims, location, _source, real, imaginary, isLogical);
    }

    /// <summary>Widens the values of a numeric data element, whatever its stored type, to doubles.</summary>
    private double[] ReadNumbers(Element element, string location, string what)
    {
        int size = element.Type switch
        {
            MatDataType.Int8 or MatDataType.UInt8 => 1,
            MatDataType.Int16 or MatDataType.UInt16 => 2,
            MatDataType.Int32 or MatDataType.UInt32 or MatDataType.Single => 4,
            MatDataType.Int64 or MatDataType.UInt64 or MatDataType.Double => 8,
            _ => throw Fail($"{location}: the {what} has type {(int)element.Type}, which is not numeric."),
        };
        var span = element.Data.Span;
        if (span.Length % size != 0)
            throw Fail($"{location}: the {what} has {span.Length} bytes, not a whole number of {size}-byte values.");
        var values = new double[span.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            var v = span.Slice(i * size, size);
            values[i] = element.Type switch
            {
                MatDataType.Int8 => (sbyte)v[0],
                MatDataType.UInt8 => v[0],
                MatDataType.Int16 => (short)U16(v, 0),
                MatDataType.UInt16 => U16(v, 0),
                MatDataType.Int32 => (int)U32(v, 0),
                MatDataType.UInt32 => U32(v, 0),
                MatDataType.Single => _bigEndian ? BinaryPrimitives.ReadSingleBigEndian(v) : BinaryPrimitives.ReadSingleLittleEndian(v),
                MatDataType.Int64 => (long)U64(v),
                MatDataType.UInt64 => U64(v),
                _ => _bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(v) : BinaryPrimitives.ReadDoubleLittleEndian(v),
            };
        }
        return values;
    }

    /// <summary>
    /// Reads the data element at <paramref name="pos"/> and moves past it and its padding. A tag whose upper 16 bits
    /// are non-zero is the small format: type in the low half, byte count in the high half, data in the next 4 bytes.
    /// </summary>
    private Element ReadElement(ReadOnlyMemory<byte> buffer, ref int pos, Func<string> where)
    {
        var span = buffer.Span;
        if (span.Length - pos < 8)
            throw Fail($"{where()}: the file ends inside a data-element tag (truncated?).");
        uint first = U32(span, pos);
        if ((first >> 16) != 0)
        {
            int smallSize = (int)(first >> 16);
            if (smallSize > 4)
                throw Fail($"{where()}: a small data element claims {smallSize} bytes; at most 4 fit.");
            var small = new Element((MatDataType)(first & 0xFFFF), buffer.Slice(pos + 4, smallSize));
            pos += 8;
            return small;
        }
        var type = (MatDataType)first;
        uint size = U32(span, pos + 4);
        if (size > span.Length - pos - 8)
            throw Fail($"{where()}: a data element claims {size} bytes but only {span.Length - pos - 8} remain (truncated?).");
        var element = new Element(type, buffer.Slice(pos + 8, (int)size));
        // Compressed elements are not padded; every other element is padded to a multiple of 8 bytes.
        long next = pos + 8L + (type == MatDataType.Compressed ? size : (size + 7) / 8 * 8);
        pos = (int)Math.Min(next, span.Length);
        return element;
    }

    private ushort U16(ReadOnlySpan<byte> s, int at) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);

    private uint U32(ReadOnlySpan<byte> s, int at) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

    private ulong U64(ReadOnlySpan<byte> s) =>
        _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);

    private string DecodeUtf16(ReadOnlySpan<byte> span, string location)
    {
        if (span.Length % 2 != 0) throw Fail($"{location}: UTF-16 char data has an odd number of bytes.");
        var chars = new char[span.Length / 2];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)U16(span, 2 * i);
        return new string(chars);
    }

    private MatFileException Fail(string problem, Exception? inner = null) => new($"'{_source}': {problem}", inner);
}
