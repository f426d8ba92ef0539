using System.Diagnostics;
using Mip.Images;

namespace Mip.Triggers;

/// <summary>
/// Times <see cref="ITrigger.Apply(RgbImage)"/> for several triggers in one run: for every image each trigger is
/// applied in turn (interleaved, so a change in machine load hits all triggers alike), after a few warm-up calls.
/// The time covers the whole in-memory protection: image to tensor, networks, back to 8-bit pixels.
/// </summary>
public static class TriggerBenchmark
{
    /// <summary>Times each trigger on every image; <paramref name="warmup"/> untimed calls per trigger come first.</summary>
    public static IReadOnlyList<TriggerTiming> Run(IReadOnlyList<(string Name, ITrigger Trigger)> triggers, IReadOnlyList<RgbImage> images,
        int warmup = 5, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(images);
        if (triggers.Count == 0 || images.Count == 0) throw new ArgumentException("Need at least one trigger and one image.");
        foreach (var (_, trigger) in triggers)
            for (int i = 0; i < warmup; i++) trigger.Apply(images[i % images.Count]);

        var samples = triggers.Select(_ => new double[images.Count]).ToArray();
        for (int i = 0; i < images.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int t = 0; t < triggers.Count; t++)
            {
                long start = Stopwatch.GetTimestamp();
                triggers[t].Trigger.Apply(images[i]);
                samples[t][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            progress?.Report(i + 1);
        }
        return triggers.Select((t, k) => Summarise(t.Name, t.Trigger.Id, samples[k])).ToList();
    }

    private static TriggerTiming Summarise(string name, string id, double[] times)
    {
        var sorted = times.Order().ToArray();
        return new TriggerTiming(id, name, times.Length, Percentile(sorted, 0.5), times.Average(), Percentile(sorted, 0.9), sorted[0], sorted[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (the median of an even count is the mean of the middle two).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
