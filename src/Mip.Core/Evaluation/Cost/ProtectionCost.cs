using System.Diagnostics;
using Mip.Defences.Adversarial;
using Mip.Images;
using Mip.Models;
using Mip.Triggers;
using static TorchSharp.torch;

namespace Mip.Evaluation.Cost;

/// <summary>The cost of making one protected image with one method (the paper's Table 1).</summary>
/// <param name="Method">Method name.</param>
/// <param name="Images">Images timed.</param>
/// <param name="MedianMilliseconds">Median wall time per image.</param>
/// <param name="P90Milliseconds">90th percentile.</param>
/// <param name="PeakExtraMegabytes">Peak resident memory above the level at the method's start, sampled every few milliseconds.</param>
public sealed record ProtectionCostRow(string Method, int Images, double MedianMilliseconds, double P90Milliseconds, double PeakExtraMegabytes);

/// <summary>
/// Times the protection methods image by image in one process, one after the other on the same images (decoding and
/// resizing are outside the timing): each trigger's <see cref="ITrigger.Apply(RgbImage)"/>, and HDM's perturbation
/// of a single image under the retrieval model.
/// </summary>
public static class ProtectionCost
{
    /// <summary>Measures every trigger and, when <paramref name="hdmModel"/> is given, HDM.</summary>
    public static IReadOnlyList<ProtectionCostRow> Measure(IReadOnlyList<RgbImage> images, IReadOnlyList<(string Name, ITrigger Trigger)> triggers,
        EmbeddingModel? hdmModel, HdmOptions? hdm = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(triggers);
        if (images.Count == 0) throw new EvaluationInputException("Timing needs at least one image.");
        var rows = new List<ProtectionCostRow>();
        foreach (var (name, trigger) in triggers)
        {
            progress?.Report(name);
            rows.Add(Time(name, images, image => trigger.Apply(image)));
        }
        if (hdmModel is not null)
        {
            progress?.Report("HDM");
            hdm ??= new HdmOptions();
            void Perturb(RgbImage image)
            {
                using var scope = NewDisposeScope();
                HdmPerturbation.Perturb(hdmModel, ImageTensors.ToBatch([image]), hdm);
            }
            rows.Add(Time($"HDM ({hdm.Iterations} iterations)", images, Perturb));
        }
        return rows;
    }

    private static ProtectionCostRow Time(string name, IReadOnlyList<RgbImage> images, Action<RgbImage> protect)
    {
        var times = new double[images.Count];
        // The sampler starts before the untimed warm-up (lazy weights, JIT), so the method's first allocations count.
        using var memory = new PeakMemorySampler();
        protect(images[0]);
        for (int i = 0; i < images.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            protect(images[i]);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return new ProtectionCostRow(name, images.Count, Percentile(times, 0.5), Percentile(times, 0.9), memory.PeakExtraMegabytes);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    // Resident memory covers LibTorch's native allocations too, which the managed heap counters do not see.
    private sealed class PeakMemorySampler : IDisposable
    {
        private readonly long _start = Resident();
        private long _peak;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public PeakMemorySampler()
        {
            _peak = _start;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    long now = Resident();
                    if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                    try { await Task.Delay(2, _stop.Token); } catch (TaskCanceledException) { }
                }
            });
        }

        public double PeakExtraMegabytes
        {
            get
            {
                long now = Resident();
                if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                return Math.Max(0, Interlocked.Read(ref _peak) - _start) / (1024.0 * 1024.0);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }

        private static long Resident()
        {
            // /proc/self/statm: size resident shared ... in pages.
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
    }
}
