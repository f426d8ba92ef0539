using System.Buffers.Binary;

namespace Mip.Images;

/// <summary>
/// Reads the declared width and height straight from the header bytes of a supported format. This runs before the
/// decoder sees the data, so an absurd size is rejected even where the decoder would first want more of the file
/// (Skia's PNG codec, for one, does not open a file that is only a signature and an IHDR chunk).
/// </summary>
internal static class DimensionProbe
{
    public enum Outcome
    {
        /// <summary>Width and height were read.</summary>
        Found,

        /// <summary>The data ends before the dimensions.</summary>
        Truncated,

        /// <summary>The header is not laid out as expected; leave the verdict to the decoder.</summary>
        Unknown,
    }

    /// <summary>Reads the dimensions from <paramref name="stream"/>, starting at its current position (the file start).</summary>
    public static Outcome TryRead(Stream stream, ImageFileFormat format, out long width, out long height)
    {
        width = height = 0;
        return format switch
        {
            ImageFileFormat.Png => ReadPng(stream, out width, out height),
            ImageFileFormat.Gif => ReadGif(stream, out width, out height),
            ImageFileFormat.Bmp => ReadBmp(stream, out width, out height),
            ImageFileFormat.Webp => ReadWebp(stream, out width, out height),
            ImageFileFormat.Jpeg => ReadJpeg(stream, out width, out height),
            _ => Outcome.Unknown,
        };
    }

    private static Outcome ReadPng(Stream stream, out long width, out long height)
    {
        width = height = 0;
        Span<byte> b = stackalloc byte[24];
        if (!ReadFully(stream, b)) return Outcome.Truncated;
        if (!b[12..16].SequenceEqual("IHDR"u8)) return Outcome.Unknown;
        width = BinaryPrimitives.ReadUInt32BigEndian(b[16..]);
        height = BinaryPrimitives.ReadUInt32BigEndian(b[20..]);
        return Outcome.Found;
    }

    private static Outcome ReadGif(Stream stream, out long width, out long height)
    {
        width = height = 0;
        Span<byte> b = stackalloc byte[10];
        if (!ReadFully(stream, b)) return Outcome.Truncated;
        width = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
        height = BinaryPrimitives.ReadUInt16LittleEndian(b[8..]);
        return Outcome.Found;
    }

    private static Outcome ReadBmp(Stream stream, out long width, out long height)
    {
        width = height = 0;
        Span<byte> b = stackalloc byte[26];
        if (!ReadFully(stream, b[..22])) return Outcome.Truncated;
        uint infoSize = BinaryPrimitives.ReadUInt32LittleEndian(b[14..]);
        if (infoSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(b[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(b[20..]);
            return Outcome.Found;
        }
        if (!ReadFully(stream, b[22..26])) return Outcome.Truncated;
        // A negative height marks a top-down bitmap; the size is its magnitude.
        width = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[18..]));
        height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[22..]));
        return Outcome.Found;
    }

    private static Outcome ReadWebp(Stream stream, out long width, out long height)
    {
        width = height = 0;
        Span<byte> b = stackalloc byte[30];
        if (!ReadFully(stream, b)) return Outcome.Truncated;
        ReadOnlySpan<byte> chunk = b[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
            height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
            return Outcome.Found;
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (b[20] != 0x2F) return Outcome.Unknown;
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
            width = 1 + (bits & 0x3FFF);
            height = 1 + ((bits >> 14) & 0x3FFF);
            return Outcome.Found;
        }
        if (chunk.SequenceEqual("VP8 "u8))
        {
            if (b[23] != 0x9D || b[24] != 0x01 || b[25] != 0x2A) return Outcome.Unknown;
            width = BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF;
            return Outcome.Found;
        }
        return Outcome.Unknown;
    }

    /// <summary>Walks the JPEG marker segments up to the first start-of-frame, seeking over everything else.</summary>
    private static Outcome ReadJpeg(Stream stream, out long width, out long height)
    {
        width = height = 0;
        Span<byte> b = stackalloc byte[7];
        if (!ReadFully(stream, b[..2])) return Outcome.Truncated;
        while (true)
        {
            // Decoders skip stray bytes between segments, so look for the next 0xFF, then past any fill bytes.
            int value;
            do
            {
                value = stream.ReadByte();
                if (value < 0) return Outcome.Truncated;
            } while (value != 0xFF);
            do
            {
                value = stream.ReadByte();
                if (value < 0) return Outcome.Truncated;
            } while (value == 0xFF);
            int marker = value;

            bool standalone = marker is 0x01 or 0x00 or (>= 0xD0 and <= 0xD8);
            if (standalone) continue;
            if (marker is 0xD9 or 0xDA) return Outcome.Unknown; // end of image or scan data before any frame header

            if (!ReadFully(stream, b[..2])) return Outcome.Truncated;
            int length = BinaryPrimitives.ReadUInt16BigEndian(b);
            if (length < 2) return Outcome.Unknown;

            bool startOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (startOfFrame)
            {
                if (!ReadFully(stream, b[..5])) return Outcome.Truncated;
                height = BinaryPrimitives.ReadUInt16BigEndian(b[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(b[3..]);
                return Outcome.Found;
            }

            long next = stream.Position + length - 2;
            if (next > stream.Length) return Outcome.Truncated;
            stream.Position = next;
        }
    }

    private static bool ReadFully(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
