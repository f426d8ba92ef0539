using Mip.Evaluation.Pictures;
using SkiaSharp;

namespace Mip.Tests.Evaluation;

public sealed class PanelStripTests
{
    private static byte[] SolidPng(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public void ComposePlacesPanelsLeftToRight()
    {
        var png = PanelStrip.Compose([SolidPng(4, 3, SKColors.Red), SolidPng(4, 3, SKColors.Blue)], 4, 3);
        using var strip = SKBitmap.Decode(png);
        Assert.Equal((8, 3), (strip.Width, strip.Height));
        Assert.Equal(SKColors.Red, strip.GetPixel(3, 2));
        Assert.Equal(SKColors.Blue, strip.GetPixel(4, 0));
    }

    [Fact]
    public void ComposeVerticallyPlacesPanelsTopToBottom()
    {
        var png = PanelStrip.ComposeVertically([SolidPng(4, 3, SKColors.Red), SolidPng(4, 3, SKColors.Blue)], 4, 3);
        using var column = SKBitmap.Decode(png);
        Assert.Equal((4, 6), (column.Width, column.Height));
        Assert.Equal(SKColors.Red, column.GetPixel(3, 2));
        Assert.Equal(SKColors.Blue, column.GetPixel(0, 3));
    }
}
