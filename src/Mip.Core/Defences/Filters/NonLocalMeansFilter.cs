using System.Globalization;
using Mip.Images;
using OpenCvSharp;

namespace Mip.Defences.Filters;

/// <summary>
/// Colour non-local means: OpenCV's <c>fastNlMeansDenoisingColored</c> (CIELAB, luminance strength h, colour strength
/// hColor), by default with the OpenCV tutorial's h = hColor = 10, template window 7 and search window 21.
/// </summary>
public sealed class NonLocalMeansFilter : IInputFilter
{
    /// <summary>A filter with the given strengths and windows.</summary>
    /// <exception cref="FilterException">A strength is not positive or a window is even.</exception>
    public NonLocalMeansFilter(double h = 10, double hColor = 10, int templateWindow = 7, int searchWindow = 21)
    {
        if (!(h > 0) || !(hColor > 0)) throw new FilterException($"Non-local means needs positive strengths, not h = {h}, hColor = {hColor}.");
        if (templateWindow < 3 || templateWindow % 2 == 0 || searchWindow < 3 || searchWindow % 2 == 0)
            throw new FilterException($"Non-local means needs odd windows of at least 3, not template {templateWindow}, search {searchWindow}.");
        H = h;
        HColor = hColor;
        TemplateWindow = templateWindow;
        SearchWindow = searchWindow;
        Name = string.Create(CultureInfo.InvariantCulture, $"nlmeans-h{h:0.##}");
    }

    /// <summary>Luminance strength.</summary>
    public double H { get; }

    /// <summary>Colour strength.</summary>
    public double HColor { get; }

    /// <summary>Template window size.</summary>
    public int TemplateWindow { get; }

    /// <summary>Search window size.</summary>
    public int SearchWindow { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage image) =>
        OpenCvImages.Filter(image, (s, d) => Cv2.FastNlMeansDenoisingColored(s, d, (float)H, (float)HColor, TemplateWindow, SearchWindow));
}
