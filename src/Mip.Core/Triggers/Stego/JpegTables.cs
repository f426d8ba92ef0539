namespace Mip.Triggers.Stego;

/// <summary>The baseline JPEG quantisation tables (ITU T.81 Annex K) scaled to a quality as libjpeg scales them.</summary>
public static class JpegTables
{
    private static readonly int[] Luminance =
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly int[] Chrominance =
    [
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>The 64 luminance step sizes (row-major) at <paramref name="quality"/> 1..100.</summary>
    public static float[] LuminanceAt(int quality) => Scale(Luminance, quality);

    /// <summary>The 64 chrominance step sizes (row-major) at <paramref name="quality"/> 1..100.</summary>
    public static float[] ChrominanceAt(int quality) => Scale(Chrominance, quality);

    private static float[] Scale(int[] table, int quality)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 1..100.");
        int factor = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        return table.Select(q => (float)Math.Clamp((q * factor + 50) / 100, 1, 255)).ToArray();
    }
}
