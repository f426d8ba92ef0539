namespace Mip.Images;

/// <summary>
/// Turns a decoded, premultiplied RGBA buffer into the final upright RGB image in one pass: transparent areas are
/// composited over white, and the EXIF orientation is applied by writing each pixel straight to its upright place.
/// </summary>
internal static class UprightRgbConverter
{
    /// <summary>The upright size of a <paramref name="width"/> × <paramref name="height"/> image with this EXIF orientation.</summary>
    public static (int Width, int Height) UprightSize(int width, int height, int orientation) =>
        orientation is >= 5 and <= 8 ? (height, width) : (width, height);

    /// <param name="rgba">Premultiplied RGBA, tightly packed rows.</param>
    /// <param name="width">Stored width.</param>
    /// <param name="height">Stored height.</param>
    /// <param name="orientation">EXIF orientation 1..8 (anything else is treated as 1).</param>
    public static unsafe RgbImage Convert(byte* rgba, int width, int height, int orientation)
    {
        var (outWidth, outHeight) = UprightSize(width, height, orientation);
        // Destination pixel index = origin + x * stepX + y * stepY for stored pixel (x, y); the EXIF orientation
        // says where the stored first row and first column belong in the upright picture.
        long w = width, h = height, ow = outWidth;
        (long origin, long stepX, long stepY) = orientation switch
        {
            2 => (w - 1, -1L, w),                         // mirrored left-right
            3 => ((h - 1) * w + w - 1, -1L, -w),          // rotated 180°
            4 => ((h - 1) * w, 1L, -w),                   // mirrored top-bottom
            5 => (0L, ow, 1L),                            // transposed
            6 => (h - 1, ow, -1L),                        // stored rotated 90° counter-clockwise: turn clockwise
            7 => ((w - 1) * ow + h - 1, -ow, -1L),        // transverse
            8 => ((w - 1) * ow, -ow, 1L),                 // stored rotated 90° clockwise: turn counter-clockwise
            _ => (0L, 1L, w),
        };

        var pixels = new byte[(long)outWidth * outHeight * 3];
        fixed (byte* dst = pixels)
        {
            byte* src = rgba;
            for (long y = 0; y < h; y++)
            {
                long target = origin + y * stepY;
                for (long x = 0; x < w; x++, src += 4, target += stepX)
                {
                    // Over white: premultiplied colour + (1 - alpha) * 255; cannot overflow as colour <= alpha.
                    int cover = 255 - src[3];
                    byte* d = dst + target * 3;
                    d[0] = (byte)(src[0] + cover);
                    d[1] = (byte)(src[1] + cover);
                    d[2] = (byte)(src[2] + cover);
                }
            }
        }
        return new RgbImage(outWidth, outHeight, pixels);
    }
}
