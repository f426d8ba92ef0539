using Mip.Data;
using Mip.Evaluation.Search;
using Mip.Evaluation.Tasks;
using Mip.Images;
using Mip.IO;
using Mip.Triggers;
using SkiaSharp;

namespace Mip.Evaluation.Pictures;

/// <summary>
/// The paper's Fig. 10: for a few fixed queries, the top-5 results of every task under every model. One row per
/// (query, task, model): the query, then its five nearest gallery images framed green (same class) or red (another
/// class) under the strict rule. Protected images are the trigger applied at the model's input size.
/// </summary>
public static class RetrievalExamplesPicture
{
    private const string FontPath = Stealth.StealthPicture.FontPath;

    /// <summary>Renders the picture as PNG bytes.</summary>
    public static byte[] Render(IReadOnlyList<(string Model, TaskEmbeddings Embeddings)> models, IReadOnlyList<ImageRecord> images,
        ITrigger trigger, int inputSize, IReadOnlyList<int> queryRows, IReadOnlyList<PrivacyTask> tasks, int top = 5, int cell = 72)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(trigger);
        const int gap = 4, labelWidth = 190, frame = 3;
        int rows = queryRows.Count * tasks.Count * models.Count;
        int width = labelWidth + (top + 1) * (cell + gap) + 3 * gap, height = rows * (cell + gap) + gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia cannot create a {width}x{height} canvas.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = File.Exists(FontPath) ? SKTypeface.FromFile(FontPath) : SKTypeface.Default;
        using var font = new SKFont(typeface, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var hit = new SKPaint { Color = new SKColor(0x1A, 0x98, 0x50), Style = SKPaintStyle.Stroke, StrokeWidth = frame };
        using var miss = new SKPaint { Color = new SKColor(0xD7, 0x30, 0x27), Style = SKPaintStyle.Stroke, StrokeWidth = frame };

        var thumbnails = new Dictionary<(int Row, bool Protected), RgbImage>();
        RgbImage Thumbnail(int row, bool isProtected)
        {
            if (thumbnails.TryGetValue((row, isProtected), out var cached)) return cached;
            var resized = ImageReader.Load(images[row].Path).Resize(inputSize, inputSize);
            var image = isProtected ? trigger.Apply(resized) : resized;
            thumbnails[(row, isProtected)] = image;
            return image;
        }

        int y = gap;
        foreach (int query in queryRows)
        {
            foreach (var task in tasks)
            {
                foreach (var (name, embeddings) in models)
                {
                    var (queries, gallery) = PrivacyTaskEvaluator.Sets(embeddings, task);
                    bool queryProtected = task is PrivacyTask.ProtectedToClean or PrivacyTask.ProtectedToProtected;
                    bool galleryProtected = task is PrivacyTask.CleanToProtected or PrivacyTask.ProtectedToProtected;
                    using var one = queries.Embeddings.narrow(0, query, 1);
                    var found = ExactSearch.Search(one, gallery.Embeddings, top,
                        SearchExclusion.CrossStrict([queries.ImageIds![query]], gallery.ImageIds!));
                    canvas.DrawText(name, gap, y + cell / 2f - 2, SKTextAlign.Left, font, ink);
                    canvas.DrawText($"{task.Label()}  (query class {images[query].Label})", gap, y + cell / 2f + 14, SKTextAlign.Left, font, ink);
                    int x = labelWidth;
                    ImageDrawing.DrawFitted(canvas, Thumbnail(query, queryProtected), x, y, cell, SKFilterMode.Linear);
                    x += cell + 3 * gap;
                    foreach (int g in found.NeighboursOf(0))
                    {
                        ImageDrawing.DrawFitted(canvas, Thumbnail(g, galleryProtected), x, y, cell, SKFilterMode.Linear);
                        canvas.DrawRect(x + frame / 2f, y + frame / 2f, cell - frame, cell - frame,
                            images[g].Label == images[query].Label ? hit : miss);
                        x += cell + gap;
                    }
                    y += cell + gap;
                }
            }
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Fixed query rows: the first image of <paramref name="count"/> classes spread evenly over the label order.</summary>
    public static int[] QueryRows(int[] labels, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var classes = labels.Distinct().Order().ToArray();
        return Enumerable.Range(0, Math.Min(count, classes.Length))
            .Select(i => classes[(int)((long)i * classes.Length / Math.Min(count, classes.Length))])
            .Select(c => Array.IndexOf(labels, c)).ToArray();
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<(string Model, TaskEmbeddings Embeddings)> models, IReadOnlyList<ImageRecord> images,
        ITrigger trigger, int inputSize, IReadOnlyList<int> queryRows, IReadOnlyList<PrivacyTask> tasks) =>
        AtomicFile.WriteAllBytes(path, Render(models, images, trigger, inputSize, queryRows, tasks));
}
