using Mip.Images;
using Mip.Triggers;
using SkiaSharp;

namespace Mip.Evaluation.Stealth;

/// <summary>
/// Draws the stealth figure: one row per image; columns are the clean image, then for each trigger the protected
/// image and its residual (protected − clean) amplified around mid-grey, with a header naming each column.
/// </summary>
public static class StealthPicture
{
    /// <summary>Font used for the column headers.</summary>
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>Renders the grid as PNG bytes. Images are shown at <paramref name="cell"/> pixels (longer side).</summary>
    public static byte[] Render(IReadOnlyList<RgbImage> cleans, IReadOnlyList<(string Name, ITrigger Trigger)> triggers,
        int amplification = 10, int cell = 200)
    {
        ArgumentNullException.ThrowIfNull(cleans);
        ArgumentNullException.ThrowIfNull(triggers);
        if (cleans.Count == 0) throw new ArgumentException("The picture needs at least one image.", nameof(cleans));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amplification);
        const int gap = 6, header = 28;
        int columns = 1 + 2 * triggers.Count;
        int width = columns * (cell + gap) + gap, height = header + cleans.Count * (cell + gap) + gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia cannot create a {width}x{height} canvas.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = File.Exists(FontPath) ? SKTypeface.FromFile(FontPath) : SKTypeface.Default;
        using var font = new SKFont(typeface, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        var titles = new List<string> { "clean" };
        foreach (var (name, _) in triggers)
        {
            titles.Add(name);
            titles.Add($"residual x{amplification}");
        }
        for (int c = 0; c < columns; c++)
            canvas.DrawText(titles[c], gap + c * (cell + gap) + cell / 2f, header - 9, SKTextAlign.Center, font, ink);

        for (int row = 0; row < cleans.Count; row++)
        {
            RgbImage clean = cleans[row];
            var cellsInRow = new List<RgbImage> { clean };
            foreach (var (_, trigger) in triggers)
            {
                RgbImage marked = trigger.Apply(clean);
                cellsInRow.Add(marked);
                cellsInRow.Add(Residual(clean, marked, amplification));
            }
            for (int c = 0; c < columns; c++)
                ImageDrawing.DrawFitted(canvas, cellsInRow[c], gap + c * (cell + gap), header + row * (cell + gap), cell);
        }
        using SKImage snapshot = surface.Snapshot();
        using SKData data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>128 + amplification × (marked − clean) per channel, clamped to 0..255.</summary>
    public static RgbImage Residual(RgbImage clean, RgbImage marked, int amplification)
    {
        if (clean.Width != marked.Width || clean.Height != marked.Height)
            throw new ArgumentException("The clean and marked images differ in size.");
        var result = new RgbImage(clean.Width, clean.Height);
        for (int i = 0; i < clean.Pixels.Length; i++)
            result.Pixels[i] = (byte)Math.Clamp(128 + amplification * (marked.Pixels[i] - clean.Pixels[i]), 0, 255);
        return result;
    }
}
