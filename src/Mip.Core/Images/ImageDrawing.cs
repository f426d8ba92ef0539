using SkiaSharp;

namespace Mip.Images;

/// <summary>Draws <see cref="RgbImage"/>s onto Skia canvases for the project's pictures.</summary>
public static class ImageDrawing
{
    /// <summary>
    /// Draws <paramref name="image"/> scaled to fit a <paramref name="cell"/>-pixel square at (<paramref name="left"/>,
    /// <paramref name="top"/>), centred. Nearest-neighbour sampling by default keeps residual patterns crisp when the
    /// cell is close to the image size.
    /// </summary>
    public static unsafe void DrawFitted(SKCanvas canvas, RgbImage image, int left, int top, int cell, SKFilterMode filter = SKFilterMode.Nearest)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(image);
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < image.Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = image.Pixels[i];
            rgba[j + 1] = image.Pixels[i + 1];
            rgba[j + 2] = image.Pixels[i + 2];
            rgba[j + 3] = 255;
        }
        fixed (byte* pointer = rgba)
        {
            var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
            using var pixmap = new SKPixmap(info, (IntPtr)pointer, image.Width * 4);
            using var skImage = SKImage.FromPixels(pixmap);
            float scale = (float)cell / Math.Max(image.Width, image.Height);
            float w = image.Width * scale, h = image.Height * scale;
            var target = SKRect.Create(left + (cell - w) / 2, top + (cell - h) / 2, w, h);
            canvas.DrawImage(skImage, target, new SKSamplingOptions(filter));
        }
    }
}
