using Mip.Evaluation.Search;
using static TorchSharp.torch;

namespace Mip.Evaluation.Tasks;

/// <summary>Counts, per protected image, the clean queries of its class that find it first (C->P, strict rule, top 1).</summary>
public static class ProtectedLeakEvaluator
{
    /// <summary>How many of the most-found protected images a report lists.</summary>
    public const int DefaultListed = 5;

    /// <summary>Scores one model's embeddings.</summary>
    public static ProtectedLeakScores Evaluate(string model, TaskEmbeddings embeddings, int listed = DefaultListed)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(listed);
        embeddings.Validate();
        var (queries, gallery) = (embeddings.Clean, embeddings.Protected);
        if (gallery.Count < 2) throw new EvaluationInputException($"Counting leaks needs at least 2 protected images, not {gallery.Count}.");

        var neighbours = ExactSearch.Search(queries.Embeddings, gallery.Embeddings, 1,
            SearchExclusion.CrossStrict(queries.ImageIds!, gallery.ImageIds!));
        var hitsPerImage = new int[gallery.Count];
        for (int q = 0; q < queries.Count; q++)
        {
            int first = neighbours.NeighboursOf(q)[0];
            if (gallery.Labels[first] == queries.Labels[q]) hitsPerImage[first]++;
        }

        int hits = hitsPerImage.Sum();
        var ranked = Enumerable.Range(0, gallery.Count).Where(g => hitsPerImage[g] > 0)
            .OrderByDescending(g => hitsPerImage[g]).ThenBy(g => gallery.ImageIds![g]).ToArray();
        int tenth = (int)Math.Ceiling(gallery.Count / 10.0);
        double share = hits == 0 ? double.NaN : (double)ranked.Take(tenth).Sum(g => hitsPerImage[g]) / hits;
        var mostFound = ranked.Take(listed).Select(g => new LeakingImage(gallery.ImageIds![g], gallery.Labels[g], hitsPerImage[g])).ToArray();
        using var scope = NewDisposeScope();
        var shifts = (queries.Embeddings - gallery.Embeddings).pow(2).sum(1).to(ScalarType.Float64).data<double>().ToArray();
        var leaking = ranked.Select(g => shifts[g]).ToArray();
        var others = Enumerable.Range(0, gallery.Count).Where(g => hitsPerImage[g] == 0).Select(g => shifts[g]).ToArray();
        return new ProtectedLeakScores(model, queries.Count, hits, gallery.Count, ranked.Length, share, mostFound,
            Mean(leaking), Mean(others), ProbabilitySmaller(leaking, others), NearestRank(shifts, 0.1));
    }

    private static double NearestRank(double[] values, double fraction) =>
        values.Length == 0 ? double.NaN : values.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(fraction * values.Length) - 1));

    private static double Mean(double[] values) => values.Length == 0 ? double.NaN : values.Average();

    // The Mann-Whitney statistic over all pairs; at most (test images / 2)^2 comparisons, a few million here.
    private static double ProbabilitySmaller(double[] smaller, double[] larger)
    {
        if (smaller.Length == 0 || larger.Length == 0) return double.NaN;
        double wins = 0;
        foreach (double x in smaller)
            foreach (double y in larger)
                wins += x < y ? 1 : x == y ? 0.5 : 0;
        return wins / ((double)smaller.Length * larger.Length);
    }
}
