using Mip.Evaluation.Tasks;
using Mip.IO;
using ScottPlot;

namespace Mip.Evaluation.Reports;

/// <summary>
/// Recall@N curves of the four tasks (the paper's Fig. 6): one panel per model, one line per task, under one exclusion
/// rule, as a single PNG.
/// </summary>
public static class TaskRecallPlotWriter
{
    /// <summary>The PNG bytes: the models side by side, each panel <paramref name="panelWidth"/> x <paramref name="height"/>.</summary>
    public static byte[] Render(PrivacyReport report, ExclusionRule rule, int panelWidth = 420, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(report);
        RecallPlotWriter.RegisterFonts();
        var ks = report.RecallKs;
        var panels = new List<byte[]>();
        foreach (var model in report.Models)
        {
            var plot = new Plot();
            foreach (var task in report.Tasks)
            {
                if (model.Find(task, rule) is not { } scores) continue;
                double[] xs = ks.Select(k => Math.Log2(k)).ToArray();
                double[] ys = ks.Select(k => 100 * scores.RecallAtK.GetValueOrDefault(k, double.NaN)).ToArray();
                var line = plot.Add.Scatter(xs, ys);
                line.LegendText = task.Label();
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                ks.Select(k => Math.Log2(k)).ToArray(), ks.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plot.Axes.SetLimitsY(0, 100);
            plot.Axes.Bottom.Label.Text = "N";
            plot.Axes.Left.Label.Text = "Recall@N (%)";
            plot.Title(model.Model);
            // Below the data area: inside it, the legend covered the poisoned tasks' curves, which end low on the right.
            plot.ShowLegend(Edge.Bottom);
            panels.Add(plot.GetImageBytes(panelWidth, height, ImageFormat.Png));
        }
        // Panels are drawn one by one and placed side by side, which keeps each panel's layout ScottPlot's own.
        return Pictures.PanelStrip.Compose(panels, panelWidth, height);
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, PrivacyReport report, ExclusionRule rule) => AtomicFile.WriteAllBytes(path, Render(report, rule));
}
