using SkiaSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

/// <summary>
/// A procedurally drawn, photo-like test image: smooth gradients, overlapping soft shapes and pixel noise, so every
/// part of a network sees varied, natural-range activations (a constant image would hide channel-order or padding bugs).
/// </summary>
internal static class NaturalImage
{
    /// <summary>Planar RGB values in 0..255, [3, size, size] flattened, drawn reproducibly from <paramref name="seed"/>.</summary>
    public static float[] PlanarRgb255(int size, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint();
            sky.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(size * 0.3f, size),
                [new SKColor(70, 130, 200), new SKColor(230, 200, 150), new SKColor(60, 90, 40)], [0f, 0.55f, 1f], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, size, size, sky);

            using var sun = new SKPaint { IsAntialias = true };
            sun.Shader = SKShader.CreateRadialGradient(new SKPoint(size * 0.7f, size * 0.25f), size * 0.2f,
                [new SKColor(255, 240, 180), new SKColor(255, 200, 120, 0)], SKShaderTileMode.Clamp);
            canvas.DrawCircle(size * 0.7f, size * 0.25f, size * 0.2f, sun);

            using var shape = new SKPaint { IsAntialias = true };
            for (int i = 0; i < 7; i++)
            {
                shape.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(120, 256));
                float x = (float)random.NextDouble() * size, y = (float)random.NextDouble() * size;
                float r = size * (0.05f + 0.15f * (float)random.NextDouble());
                if (i % 2 == 0) canvas.DrawCircle(x, y, r, shape);
                else canvas.DrawRoundRect(new SKRect(x - r, y - r / 2, x + r, y + r / 2), r / 4, r / 4, shape);
            }
            using var line = new SKPaint { IsAntialias = true, StrokeWidth = 3, Style = SKPaintStyle.Stroke, Color = new SKColor(30, 30, 30) };
            canvas.DrawLine(0, size * 0.8f, size, size * 0.6f, line);
        }

        var planar = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
        {
            SKColor c = bitmap.GetPixel(x, y);
            int i = y * size + x;
            planar[i] = Noisy(c.Red, random);
            planar[plane + i] = Noisy(c.Green, random);
            planar[2 * plane + i] = Noisy(c.Blue, random);
        }
        return planar;
    }

    /// <summary>The same image as a float RGB tensor [1, 3, size, size] with values in [0, 1].</summary>
    public static Tensor Rgb01(int size, int seed) =>
        tensor(PlanarRgb255(size, seed), [1, 3, size, size]).div_(255f);

    private static float Noisy(byte value, Random random) => Math.Clamp(value + random.Next(-12, 13), 0, 255);
}
