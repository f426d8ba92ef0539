using Mip.IO;
using ScottPlot;

namespace Mip.Evaluation.Reports;

/// <summary>Draws Recall@k against k (k on a log2 axis) for every entry of a report, as a PNG.</summary>
public static class RecallPlotWriter
{
    private const string FontName = "DejaVu Sans";
    private static readonly object FontGate = new();
    private static bool fontsRegistered;

    /// <summary>Folder of the DejaVu fonts on Debian-based systems.</summary>
    public const string DejaVuFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>The PNG bytes of the plot, <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static byte[] Render(EvaluationReport report, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        RegisterFonts();
        var ks = report.RecallKs;
        var plot = new Plot();
        foreach (var entry in report.Entries)
        {
            double[] xs = ks.Select(k => Math.Log2(k)).ToArray();
            double[] ys = ks.Select(k => 100 * entry.Scores.RecallAtK.GetValueOrDefault(k, double.NaN)).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = entry.Name;
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ks.Select(k => Math.Log2(k)).ToArray(), ks.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.Label.Text = "k";
        plot.Axes.Left.Label.Text = "Recall@k (%)";
        plot.Title(report.Title);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, EvaluationReport report, int width = 800, int height = 500) =>
        AtomicFile.WriteAllBytes(path, Render(report, width, height));

    // With SkiaSharp 4 the system font lookup finds nothing here and text silently disappears, so the DejaVu files
    // are registered by path and made the default.
    internal static void RegisterFonts()
    {
        lock (FontGate)
        {
            if (fontsRegistered) return;
            string regular = Path.Combine(DejaVuFolder, "DejaVuSans.ttf");
            string bold = Path.Combine(DejaVuFolder, "DejaVuSans-Bold.ttf");
            if (File.Exists(regular))
            {
                Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
                if (File.Exists(bold)) Fonts.AddFontFile(FontName, bold, bold: true, italic: false);
                Fonts.Default = FontName;
            }
            fontsRegistered = true;
        }
    }
}
