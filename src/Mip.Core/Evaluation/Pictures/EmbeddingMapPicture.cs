using Mip.Evaluation.Reports;
using Mip.Evaluation.Tasks;
using Mip.IO;
using ScottPlot;
using static TorchSharp.torch;

namespace Mip.Evaluation.Pictures;

/// <summary>
/// The paper's Fig. 2: a 2-D t-SNE map of clean (filled circles) and protected (open triangles) test embeddings, one
/// colour per class, one panel per model, so one sees whether a model pulls protected copies away from their class.
/// </summary>
public static class EmbeddingMapPicture
{
    /// <summary>The PNG; <paramref name="rows"/> picks the test rows drawn (the same for every model).</summary>
    public static byte[] Render(IReadOnlyList<(string Model, TaskEmbeddings Embeddings)> models, IReadOnlyList<int> rows,
        int panelWidth = 460, int height = 440, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(rows);
        RecallPlotWriter.RegisterFonts();
        var panels = new List<byte[]>();
        foreach (var (name, embeddings) in models)
        {
            using var scope = NewDisposeScope();
            var chosen = embeddings.Select(rows);
            var layout = Tsne.Embed(cat([chosen.Clean.Embeddings, chosen.Protected.Embeddings], 0), new TsneOptions { Seed = seed });
            var plot = new Plot();
            var classes = chosen.Clean.Labels.Distinct().Order().ToArray();
            var palette = new ScottPlot.Palettes.Category10();
            for (int c = 0; c < classes.Length; c++)
            {
                var color = palette.GetColor(c);
                var members = Enumerable.Range(0, rows.Count).Where(i => chosen.Clean.Labels[i] == classes[c]).ToArray();
                var clean = plot.Add.ScatterPoints(members.Select(i => (double)layout[i, 0]).ToArray(), members.Select(i => (double)layout[i, 1]).ToArray(), color);
                clean.MarkerShape = MarkerShape.FilledCircle;
                clean.MarkerSize = 6;
                var triggered = plot.Add.ScatterPoints(members.Select(i => (double)layout[rows.Count + i, 0]).ToArray(),
                    members.Select(i => (double)layout[rows.Count + i, 1]).ToArray(), color);
                triggered.MarkerShape = MarkerShape.OpenTriangleUp;
                triggered.MarkerSize = 7;
                if (c == 0)
                {
                    clean.LegendText = "clean (colour = class)";
                    triggered.LegendText = "protected";
                }
            }
            plot.Title(name);
            plot.HideGrid();
            plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
            plot.Axes.Left.TickLabelStyle.IsVisible = false;
            plot.ShowLegend(Alignment.UpperRight);
            panels.Add(plot.GetImageBytes(panelWidth, height, ImageFormat.Png));
        }
        return PanelStrip.Compose(panels, panelWidth, height);
    }

    /// <summary>
    /// The rows of the first <paramref name="classCount"/> classes (in label order), at most <paramref name="perClass"/>
    /// images each: a small, fixed sample that keeps the picture readable and exact t-SNE fast.
    /// </summary>
    public static int[] SampleRows(int[] labels, int classCount = 10, int perClass = 30)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var classes = labels.Distinct().Order().Take(classCount).ToHashSet();
        return Enumerable.Range(0, labels.Length).Where(i => classes.Contains(labels[i]))
            .GroupBy(i => labels[i]).SelectMany(g => g.Take(perClass)).Order().ToArray();
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<(string Model, TaskEmbeddings Embeddings)> models, IReadOnlyList<int> rows) =>
        AtomicFile.WriteAllBytes(path, Render(models, rows));
}
