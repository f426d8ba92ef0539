namespace Mip.Images;

/// <summary>
/// Tells the format of encoded image data from its first bytes, so that files which are not images, or images in a
/// format we do not decode, get a precise error instead of a generic decoder failure.
/// </summary>
internal static class FormatSniffer
{
    /// <summary>How many leading bytes <see cref="Identify"/> looks at.</summary>
    public const int BytesNeeded = 32;

    /// <summary>The outcome: a supported format, the name of a recognised but unsupported one, or neither.</summary>
    public readonly record struct Result(ImageFileFormat? Format, string? UnsupportedName)
    {
        public bool IsImage => Format is not null || UnsupportedName is not null;
    }

    public static Result Identify(ReadOnlySpan<byte> head)
    {
        if (StartsWith(head, [0xFF, 0xD8, 0xFF])) return new(ImageFileFormat.Jpeg, null);
        if (StartsWith(head, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return new(ImageFileFormat.Png, null);
        if (StartsWith(head, "GIF87a"u8) || StartsWith(head, "GIF89a"u8)) return new(ImageFileFormat.Gif, null);
        if (StartsWith(head, "RIFF"u8) && head.Length >= 12 && head[8..12].SequenceEqual("WEBP"u8)) return new(ImageFileFormat.Webp, null);
        // "BM" alone is too weak (any text starting with "BM..."), so also require a known DIB header size.
        if (StartsWith(head, "BM"u8) && head.Length >= 18 && IsBmpInfoHeaderSize(BitConverter.ToUInt32(head[14..18])))
            return new(ImageFileFormat.Bmp, null);

        string? other = UnsupportedName(head);
        return new(null, other);
    }

    private static bool IsBmpInfoHeaderSize(uint size) => size is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;

    private static string? UnsupportedName(ReadOnlySpan<byte> head)
    {
        if (StartsWith(head, "II*\0"u8) || StartsWith(head, "MM\0*"u8)) return "TIFF";
        if (StartsWith(head, [0xFF, 0x0A]) || StartsWith(head, [0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ']))
            return "JPEG XL";
        if (StartsWith(head, [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ']) || StartsWith(head, [0xFF, 0x4F, 0xFF, 0x51]))
            return "JPEG 2000";
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            ReadOnlySpan<byte> brand = head[8..12];
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return "AVIF";
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) ||
                brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("hevc"u8))
                return "HEIF/HEIC";
        }
        if (StartsWith(head, [0, 0, 1, 0]) || StartsWith(head, [0, 0, 2, 0])) return "ICO/CUR";
        if (StartsWith(head, "8BPS"u8)) return "Photoshop (PSD)";
        if (StartsWith(head, "qoif"u8)) return "QOI";
        if (StartsWith(head, "<svg"u8) || StartsWith(head, "<?xml"u8)) return "SVG/XML";
        if (StartsWith(head, "P1"u8) || StartsWith(head, "P2"u8) || StartsWith(head, "P3"u8) ||
            StartsWith(head, "P4"u8) || StartsWith(head, "P5"u8) || StartsWith(head, "P6"u8))
        {
            // Netpbm has a two-character magic followed by whitespace; without that check any "P1..." text would match.
            if (head.Length >= 3 && head[2] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') return "Netpbm (PPM/PGM/PBM)";
        }
        return null;
    }

    private static bool StartsWith(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic) => head.StartsWith(magic);
}
