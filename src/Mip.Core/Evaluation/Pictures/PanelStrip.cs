using SkiaSharp;

namespace Mip.Evaluation.Pictures;

/// <summary>Places equally sized PNG panels in a row or a column on a white canvas.</summary>
public static class PanelStrip
{
    /// <summary>The PNG of <paramref name="panels"/> (each <paramref name="panelWidth"/> x <paramref name="height"/>) left to right.</summary>
    public static byte[] Compose(IReadOnlyList<byte[]> panels, int panelWidth, int height) =>
        Place(panels, panelWidth, height, inRow: true);

    /// <summary>The PNG of <paramref name="panels"/> (each <paramref name="width"/> x <paramref name="panelHeight"/>) top to bottom.</summary>
    public static byte[] ComposeVertically(IReadOnlyList<byte[]> panels, int width, int panelHeight) =>
        Place(panels, width, panelHeight, inRow: false);

    private static byte[] Place(IReadOnlyList<byte[]> panels, int panelWidth, int panelHeight, bool inRow)
    {
        ArgumentNullException.ThrowIfNull(panels);
        int count = Math.Max(1, panels.Count);
        using var surface = SKSurface.Create(inRow
            ? new SKImageInfo(count * panelWidth, panelHeight)
            : new SKImageInfo(panelWidth, count * panelHeight));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            using var image = SKImage.FromEncodedData(panels[i]);
            surface.Canvas.DrawImage(image, inRow ? i * panelWidth : 0, inRow ? 0 : i * panelHeight, SKSamplingOptions.Default);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
