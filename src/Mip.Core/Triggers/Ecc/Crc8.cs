namespace Mip.Triggers.Ecc;

/// <summary>
/// CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07, as in CRC-8/SMBUS), MSB first, initial value 0: a checksum that
/// catches every error burst of up to 8 bits and all but 1/256 of other corruptions.
/// </summary>
public static class Crc8
{
    /// <summary>The generator polynomial without its x^8 term.</summary>
    public const byte Polynomial = 0x07;

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ Polynomial) & 0xFF : (crc << 1) & 0xFF;
        }
        return (byte)crc;
    }
}
