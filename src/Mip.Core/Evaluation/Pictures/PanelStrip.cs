using SkiaSharp;

namespace Mip.Evaluation.Pictures;

/// <summary>Places equally sized PNG panels next to each other on a white canvas.</summary>
public static class PanelStrip
{
    /// <summary>The PNG of <paramref name="panels"/> (each <paramref name="panelWidth"/> x <paramref name="height"/>) left to right.</summary>
    public static byte[] Compose(IReadOnlyList<byte[]> panels, int panelWidth, int height)
    {
        ArgumentNullException.ThrowIfNull(panels);
        using var surface = SKSurface.Create(new SKImageInfo(Math.Max(1, panels.Count) * panelWidth, height));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            using var image = SKImage.FromEncodedData(panels[i]);
            surface.Canvas.DrawImage(image, i * panelWidth, 0, SKSamplingOptions.Default);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
