using Mip.IO;
using SkiaSharp;

namespace Mip.Data.Synthetic;

/// <summary>
/// Draws the embedded default data set: object classes made of a few coloured primitives in a fixed arrangement,
/// photographed at random pose, scale, position and lighting over random textured backgrounds. Classes differ in shape
/// layout and palette, images of a class differ in everything a camera changes, so retrieval on it is a real (if easy)
/// metric-learning problem, and it ships with the code instead of being downloaded. Written in the one-folder-per-class
/// layout that the image-folder reader reads.
/// </summary>
public static class SyntheticObjectsGenerator
{
    private enum Primitive { Circle, Square, Triangle, Star, Ring, Bar }

    private sealed record Part(Primitive Shape, float X, float Y, float Size, float Angle, SKColor Colour);

    /// <summary>
    /// Writes the data set under <paramref name="root"/> (one folder per class, JPEG files) unless a complete copy made
    /// with the same options is already there; returns the root. A marker file written last makes an interrupted
    /// run redo its work instead of leaving a half-made data set in use.
    /// </summary>
    public static string Generate(string root, SyntheticObjectsOptions? options = null, IProgress<double>? progress = null)
    {
        options ??= new SyntheticObjectsOptions();
        options.Validate();
        string marker = Path.Combine(root, ".complete");
        string signature = options.ToString();
        if (File.Exists(marker) && File.ReadAllText(marker) == signature) return root;

        Directory.CreateDirectory(root);
        foreach (var stale in Directory.GetDirectories(root, "class_*")) Directory.Delete(stale, recursive: true);
        int total = options.Classes * options.ImagesPerClass, done = 0;
        for (int c = 0; c < options.Classes; c++)
        {
            var classRandom = new Random(StableSeed(options.Seed, c, -1));
            var parts = DesignObject(classRandom);
            string classDir = Path.Combine(root, $"class_{c:D3}");
            Directory.CreateDirectory(classDir);
            for (int i = 0; i < options.ImagesPerClass; i++)
            {
                var imageRandom = new Random(StableSeed(options.Seed, c, i));
                byte[] jpeg = Render(parts, imageRandom, options.ImageSize, options.JpegQuality);
                AtomicFile.WriteAllBytes(Path.Combine(classDir, $"img_{i:D3}.jpg"), jpeg);
                progress?.Report(++done / (double)total);
            }
        }
        AtomicFile.WriteAllText(marker, signature);
        return root;
    }

    /// <summary>
    /// Mixes the seeds with fixed arithmetic (SplitMix64). HashCode.Combine would be wrong here: .NET randomises it per
    /// process, so the "same" data set would differ from run to run.
    /// </summary>
    internal static int StableSeed(int seed, int classIndex, int imageIndex)
    {
        ulong x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)classIndex << 20 ^ (ulong)(uint)(imageIndex + 1);
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & 0x7FFFFFFF);
    }

    private static List<Part> DesignObject(Random random)
    {
        int count = random.Next(2, 5);
        var baseHue = (float)(random.NextDouble() * 360);
        var parts = new List<Part>();
        for (int p = 0; p < count; p++)
        {
            var shape = (Primitive)random.Next(Enum.GetValues<Primitive>().Length);
            float hue = (baseHue + (float)(random.NextDouble() * 120 - 60) + 360) % 360;
            var colour = SKColor.FromHsv(hue, 55 + (float)random.NextDouble() * 45, 45 + (float)random.NextDouble() * 55);
            parts.Add(new Part(shape,
                X: (float)(random.NextDouble() - 0.5) * 0.5f,
                Y: (float)(random.NextDouble() - 0.5) * 0.5f,
                Size: 0.14f + (float)random.NextDouble() * 0.2f,
                Angle: (float)(random.NextDouble() * 360),
                Colour: colour));
        }
        return parts;
    }

    private static byte[] Render(IReadOnlyList<Part> parts, Random random, int size, int quality)
    {
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        DrawBackground(canvas, random, size);

        float scale = size * (0.75f + (float)random.NextDouble() * 0.5f);
        float brightness = 0.8f + (float)random.NextDouble() * 0.4f;
        canvas.Save();
        canvas.Translate(size * (0.5f + (float)(random.NextDouble() - 0.5) * 0.3f), size * (0.5f + (float)(random.NextDouble() - 0.5) * 0.3f));
        canvas.RotateDegrees((float)(random.NextDouble() * 360));
        if (random.Next(2) == 0) canvas.Scale(-1, 1);
        foreach (var part in parts)
        {
            using var paint = new SKPaint { IsAntialias = true, Color = Shade(part.Colour, brightness), Style = SKPaintStyle.Fill };
            canvas.Save();
            canvas.Translate(part.X * scale, part.Y * scale);
            canvas.RotateDegrees(part.Angle);
            DrawPrimitive(canvas, part.Shape, part.Size * scale, paint);
            canvas.Restore();
        }
        canvas.Restore();

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    private static void DrawBackground(SKCanvas canvas, Random random, int size)
    {
        SKColor Random() => SKColor.FromHsv((float)(random.NextDouble() * 360), (float)random.NextDouble() * 30, 40 + (float)random.NextDouble() * 60);
        using var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, (float)random.NextDouble() * size), new SKPoint(size, (float)random.NextDouble() * size),
            [Random(), Random()], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, size, size, paint);
        using var speck = new SKPaint { IsAntialias = true };
        int specks = 20 + random.Next(40);
        for (int s = 0; s < specks; s++)
        {
            speck.Color = Random().WithAlpha((byte)(40 + random.Next(80)));
            canvas.DrawCircle((float)random.NextDouble() * size, (float)random.NextDouble() * size, 1 + (float)random.NextDouble() * size / 12f, speck);
        }
    }

    private static void DrawPrimitive(SKCanvas canvas, Primitive shape, float radius, SKPaint paint)
    {
        switch (shape)
        {
            case Primitive.Circle:
                canvas.DrawCircle(0, 0, radius, paint);
                break;
            case Primitive.Square:
                canvas.DrawRect(-radius, -radius, 2 * radius, 2 * radius, paint);
                break;
            case Primitive.Bar:
                canvas.DrawRect(-radius * 1.6f, -radius * 0.35f, radius * 3.2f, radius * 0.7f, paint);
                break;
            case Primitive.Ring:
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = radius * 0.4f;
                canvas.DrawCircle(0, 0, radius * 0.8f, paint);
                break;
            case Primitive.Triangle:
                using (var triangle = Polygon(3, radius, radius)) canvas.DrawPath(triangle, paint);
                break;
            case Primitive.Star:
                using (var star = Polygon(5, radius, radius * 0.45f)) canvas.DrawPath(star, paint);
                break;
        }
    }

    private static SKPath Polygon(int points, float outer, float inner)
    {
        int corners = inner == outer ? points : points * 2;
        var vertices = new SKPoint[corners];
        for (int k = 0; k < corners; k++)
        {
            float r = inner == outer || k % 2 == 0 ? outer : inner;
            double angle = Math.PI * 2 * k / corners - Math.PI / 2;
            vertices[k] = new SKPoint((float)(r * Math.Cos(angle)), (float)(r * Math.Sin(angle)));
        }
        using var builder = new SKPathBuilder();
        builder.AddPoly(vertices, true);
        return builder.Detach();
    }

    private static SKColor Shade(SKColor colour, float factor) => new(
        (byte)Math.Clamp(colour.Red * factor, 0, 255),
        (byte)Math.Clamp(colour.Green * factor, 0, 255),
        (byte)Math.Clamp(colour.Blue * factor, 0, 255));
}
