using System.Diagnostics;
using System.Globalization;
using Mip.Evaluation.Metrics;
using Mip.Evaluation.Search;
using Mip.Bench.ExactSearch;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// Exact-search benchmark at Stanford Online Products test size: blocked self-search with k = 1,000 over 60,502 x 512
// normalised embeddings, then, on a query subset against the same full gallery, the naive full-matrix search, to
// compare speed and peak memory in one run. Options: --n --dim --classes --k --block --naive-queries --seed.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
TorchRuntime.EnsureLoaded();

Console.WriteLine($"# exact-search benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {ProcessMemory.MachineTotal() / 1e9:F1} GB RAM, " +
                  $"torch threads {get_num_threads()}, .NET {Environment.Version}, no GPU used");
Console.WriteLine($"cpu: {CpuModel()}; load average at start: {LoadAverage()} (other processes share these cores)");
Console.WriteLine($"data: N = {options.N}, D = {options.Dim}, {options.Classes} classes, k = {options.K}, block = {options.Block}, " +
                  $"naive queries = {options.NaiveQueries}, seed = {options.Seed}");

var generation = Stopwatch.StartNew();
int[] labels = SopLikeLabels(options.N, options.Classes, options.Seed);
var embeddings = ClusteredEmbeddings(labels, options.Classes, options.Dim, options.Seed);
Console.WriteLine($"generated in {generation.Elapsed.TotalSeconds:F1} s; class sizes {labels.GroupBy(l => l).Min(g => g.Count())}" +
                  $"-{labels.GroupBy(l => l).Max(g => g.Count())}");
Console.WriteLine();

// 1. Blocked self-search over all queries.
var blocked = Measure("blocked, all queries (SelfExcluded)", options.N,
    () => ExactSearch.Search(embeddings, embeddings, options.K, SearchExclusion.SelfExcluded, options.Block));
var metrics = Stopwatch.StartNew();
double recallAt1 = RecallAtK.Compute(blocked.Result, labels, labels, 1);
double mapAtR = MapAtR.Compute(blocked.Result, labels, labels);
Console.WriteLine($"  R@1 = {recallAt1:F4}, MAP@R = {mapAtR:F4} (metrics {metrics.Elapsed.TotalSeconds:F1} s), K kept = {blocked.Result.K}");

// Keep only the subset's rows for the agreement check, and let the full result go before the naive phases.
int subset = Math.Min(options.NaiveQueries, options.N);
int k = blocked.Result.K;
var subsetRows = new int[subset * k];
for (int q = 0; q < subset; q++) blocked.Result.NeighboursOf(q).CopyTo(subsetRows.AsSpan(q * k, k));
blocked = blocked with { Result = null! };
GC.Collect();
GC.WaitForPendingFinalizers();

// The subset searches the full gallery; excluding each query's own row by id is self-exclusion for a query subset.
long[] galleryIds = Enumerable.Range(0, options.N).Select(i => (long)i).ToArray();
var subsetExclusion = SearchExclusion.CrossStrict(galleryIds[..subset], galleryIds);
var subsetQueries = embeddings.narrow(0, 0, subset);

// 2. The same blocked search on the subset (to show queries/s does not depend on the query count).
var blockedSubset = Measure($"blocked, {subset} queries", subset,
    () => ExactSearch.Search(subsetQueries, embeddings, options.K, subsetExclusion, options.Block));
Check(blockedSubset.Result, subsetRows, k);
blockedSubset = blockedSubset with { Result = null! };

// 3. One block holding the whole [subset, N] matrix: full-matrix distances with topk.
var oneBlock = Measure($"full matrix + topk, {subset} queries", subset,
    () => ExactSearch.Search(subsetQueries, embeddings, options.K, subsetExclusion, blockSize: subset));
Check(oneBlock.Result, subsetRows, k);
oneBlock = oneBlock with { Result = null! };

// 4. The naive reference: full matrix and a full stable sort of every row.
var naive = Measure($"naive full matrix + full sort, {subset} queries", subset,
    () => NaiveSearch.Search(subsetQueries, embeddings, options.K, subsetExclusion));
Check(naive.Result, subsetRows, k);

Console.WriteLine();
Console.WriteLine("| search | queries | wall s | queries/s | peak extra RSS | managed allocated |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var m in new[] { blocked, blockedSubset, oneBlock, naive })
    Console.WriteLine($"| {m.Name} | {m.Queries} | {m.Seconds:F1} | {m.QueriesPerSecond:F0} | {m.PeakExtraBytes / 1e9:F2} GB | {m.ManagedAllocatedBytes / 1e9:F2} GB |");
Console.WriteLine();
Console.WriteLine($"speed-up of blocked (all queries) over naive full matrix + full sort: {blocked.QueriesPerSecond / naive.QueriesPerSecond:F2}x");
Console.WriteLine($"speed-up of blocked (all queries) over full matrix + topk: {blocked.QueriesPerSecond / oneBlock.QueriesPerSecond:F2}x");
Console.WriteLine($"naive memory for all {options.N} queries, extrapolated: {naive.PeakExtraBytes / 1e9 * options.N / subset:F1} GB");
Console.WriteLine($"blocked peak extra RSS within 4 GiB: {(blocked.PeakExtraBytes <= 4L << 30 ? "yes" : "NO")}");
Console.WriteLine($"load average at end: {LoadAverage()}");
return 0;

static Measurement<TopKResult> Measure(string name, int queries, Func<TopKResult> search)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    bool reset = ProcessMemory.TryResetPeak();
    long baseline = reset ? ProcessMemory.Resident() : ProcessMemory.Peak();
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    var result = search();
    double seconds = clock.Elapsed.TotalSeconds;
    long peakExtra = Math.Max(0, ProcessMemory.Peak() - baseline);
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var m = new Measurement<TopKResult>(name, queries, seconds, peakExtra, allocated, result);
    Console.WriteLine($"{name}: {seconds:F1} s, {m.QueriesPerSecond:F0} queries/s, peak extra RSS {peakExtra / 1e9:F2} GB" +
                      $"{(reset ? "" : " (peak could not be reset: measured against the earlier peak)")}, " +
                      $"managed allocated {allocated / 1e9:F2} GB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1e9:F2} GB");
    return m;
}

static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

static void Check(TopKResult result, int[] expectedRows, int k)
{
    int queries = expectedRows.Length / k, identical = 0;
    for (int q = 0; q < queries; q++)
        if (result.NeighboursOf(q).SequenceEqual(expectedRows.AsSpan(q * k, k))) identical++;
    Console.WriteLine($"  rankings identical to the blocked self-search for {identical} of {queries} queries");
}

// SOP-like labels: every class has 2 to 12 images, and the sizes add up to n; rows in random order.
static int[] SopLikeLabels(int n, int classes, int seed)
{
    if (n < 2 * classes || n > 12 * classes) throw new ArgumentException($"{n} images cannot make {classes} classes of 2-12.");
    var random = new Random(seed);
    var sizes = Enumerable.Repeat(2, classes).ToArray();
    for (int extra = n - 2 * classes; extra > 0;)
    {
        int c = random.Next(classes);
        if (sizes[c] == 12) continue;
        sizes[c]++;
        extra--;
    }
    var labels = sizes.SelectMany((size, c) => Enumerable.Repeat(c, size)).ToArray();
    random.Shuffle(labels);
    return labels;
}

// Class centres plus noise, normalised: neighbours are mostly, not always, of the same class.
static Tensor ClusteredEmbeddings(int[] labels, int classes, int dim, int seed)
{
    using var scope = NewDisposeScope();
    var generator = new Generator((ulong)seed);
    var centres = randn(classes, dim, generator: generator);
    using var index = tensor(labels.Select(l => (long)l).ToArray());
    var points = centres.index_select(0, index).add_(randn(labels.Length, dim, generator: generator), alpha: 2.0);
    return nn.functional.normalize(points, p: 2, dim: 1).MoveToOuterDisposeScope();
}

internal sealed record Measurement<T>(string Name, int Queries, double Seconds, long PeakExtraBytes, long ManagedAllocatedBytes, T Result)
{
    public double QueriesPerSecond => Queries / Seconds;
}
