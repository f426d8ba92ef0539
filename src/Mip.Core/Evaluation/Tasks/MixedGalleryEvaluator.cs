using Mip.Evaluation.Search;
using static TorchSharp.torch;

namespace Mip.Evaluation.Tasks;

/// <summary>
/// The task a service provider lives with and no paper reports: one gallery in which only some images are protected.
/// A seeded fraction of the test images is replaced by its protected copy; the others stay clean and serve as the
/// queries. Exposure@k counts how often a clean query finds a protected image of its own class in its top k.
/// </summary>
public static class MixedGalleryEvaluator
{
    /// <summary>The protected-fraction default of the project's issue: 10% of the gallery.</summary>
    public const double DefaultProtectedFraction = 0.1;

    /// <summary>
    /// The rows protected for <paramref name="count"/> images at <paramref name="fraction"/> with
    /// <paramref name="seed"/>: the same rows for every model evaluated with the same seed, so models compare fairly.
    /// </summary>
    public static int[] ProtectedRows(int count, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new EvaluationInputException($"The protected fraction of the mixed gallery must be between 0 and 1 (exclusive), not {fraction}.");
        int protectedCount = Math.Clamp((int)Math.Round(fraction * count, MidpointRounding.AwayFromZero), 1, count - 1);
        var rows = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(rows);
        return rows.Take(protectedCount).Order().ToArray();
    }

    /// <summary>Scores one model's embeddings on the mixed gallery.</summary>
    public static MixedGalleryScores Evaluate(string model, TaskEmbeddings embeddings, double fraction = DefaultProtectedFraction,
        int seed = 0, IReadOnlyList<int>? ks = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        embeddings.Validate();
        ks ??= [1, 2, 4, 8];
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new EvaluationInputException("The mixed-gallery k values must each be at least 1.");
        int n = embeddings.Clean.Count;
        if (n < 3) throw new EvaluationInputException($"The mixed gallery needs at least 3 test images, not {n}.");
        var protectedRows = ProtectedRows(n, fraction, seed);
        var isProtected = new bool[n];
        foreach (int r in protectedRows) isProtected[r] = true;
        var cleanRows = Enumerable.Range(0, n).Where(r => !isProtected[r]).ToArray();

        using var scope = NewDisposeScope();
        var protectedPart = embeddings.Select(protectedRows).Protected;
        var cleanPart = embeddings.Select(cleanRows).Clean;
        var galleryLabels = cleanPart.Labels.Concat(protectedPart.Labels).ToArray();
        var galleryIds = cleanPart.ImageIds!.Concat(protectedPart.ImageIds!).ToArray();
        var gallery = new EmbeddingSet(cat([cleanPart.Embeddings, protectedPart.Embeddings], 0), galleryLabels, galleryIds, "mixed gallery");

        int maxK = Math.Min(ks.Max(), gallery.Count - 1);
        var neighbours = ExactSearch.Search(cleanPart.Embeddings, gallery.Embeddings, maxK,
            SearchExclusion.CrossStrict(cleanPart.ImageIds!, galleryIds));
        var protectedClasses = protectedPart.Labels.ToHashSet();
        var exposed = Enumerable.Range(0, cleanPart.Count).Where(q => protectedClasses.Contains(cleanPart.Labels[q])).ToArray();
        var exposure = new Dictionary<int, double>();
        foreach (int k in ks.Distinct().Order())
        {
            int hits = 0;
            foreach (int q in exposed)
            {
                var row = neighbours.NeighboursOf(q);
                for (int j = 0; j < Math.Min(k, row.Length); j++)
                {
                    int g = row[j];
                    if (g >= cleanPart.Count && galleryLabels[g] == cleanPart.Labels[q]) { hits++; break; }
                }
            }
            exposure[k] = exposed.Length == 0 ? double.NaN : (double)hits / exposed.Length;
        }

        var clean = RetrievalEvaluator.Evaluate(cleanPart, cleanPart, SearchProtocol.CrossStrict,
            new RetrievalEvaluationOptions { RecallKs = ks.Distinct().Order().ToArray(), ComputeClustering = false });
        return new MixedGalleryScores(model, fraction, protectedRows.Length, cleanPart.Count, exposed.Length, exposure, clean.RecallAtK);
    }
}
