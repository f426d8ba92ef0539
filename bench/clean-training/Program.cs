// Cached vs uncached training: the same model, seed and batches trained N steps on full images (frozen stages run on
// every batch) and N steps on cached frozen-stage features (float32 cache, so the two should agree to float
// tolerance). Prints both loss sequences, the largest difference, the time per step of each path and the speed-up.
using System.Diagnostics;
using System.Globalization;
using Mip.Data;
using Mip.Learning.Distances;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? data = null;
int inputSize = 112, freezeStages = 3, steps = 5, batchSize = 80, seed = 0;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--data": data = Next(); break;
        case "--input-size": inputSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--freeze-stages": freezeStages = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--steps": steps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--batch-size": batchSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: mip-bench-cached-training --data PATH [--input-size 112] [--freeze-stages 3] [--steps 5] [--batch-size 80] [--seed 0]");
            return 2;
    }
}
if (data is null)
{
    Console.Error.WriteLine("--data is required");
    return 2;
}

var dataset = DatasetReaders.Open(data);
var records = dataset.Train.Images;
var options = new TrainerOptions { BatchSize = batchSize, FrozenStages = freezeStages + 1, Seed = seed, CacheStorage = ScalarType.Float32 };
Console.WriteLine($"{dataset.Name}: {records.Count} training images; ResNet-18 at {inputSize} px, stem + {freezeStages} stages frozen; " +
                  $"batch {batchSize}; {steps} steps; torch threads {get_num_threads()}; {Environment.ProcessorCount} cores");

EmbeddingModel NewModel()
{
    var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = inputSize, Seed = seed });
    model.FreezeStages(options.FrozenStages);
    return model;
}

ITrainingObjective NewObjective() =>
    new CleanTripletObjective(new RandomTripletMiner(batchSize), new TripletMarginLoss(new SquaredEuclideanDistance()));

var images = new TrainingImages(records, inputSize);

(double[] Losses, double[] Seconds) Run(EmbeddingModel model, FeatureCache? cache)
{
    using var session = new TrainingSession(model, NewObjective(), images, options, cache);
    var losses = new double[steps];
    var seconds = new double[steps];
    for (int s = 0; s < steps; s++)
    {
        var clock = Stopwatch.StartNew();
        losses[s] = session.Step();
        seconds[s] = clock.Elapsed.TotalSeconds;
    }
    return (losses, seconds);
}

using var uncachedModel = NewModel();
var uncached = Run(uncachedModel, null);

using var cachedModel = NewModel();
// Only the images the compared steps touch are cached (the training run itself reports the full cache's time); the
// full cost is extrapolated per image.
var touched = TrainingSession.PreviewBatches(images.Labels(), options, steps).SelectMany(b => b).Distinct().Order()
    .Select(i => records[i]).ToArray();
var cacheClock = Stopwatch.StartNew();
using var cache = new FeatureCache(cachedModel, ScalarType.Float32);
cache.Add(new TrainingImages(touched, inputSize), CleanImageVariant.Instance);
double cacheMeasured = cacheClock.Elapsed.TotalSeconds;
double cacheSeconds = cacheMeasured * records.Count / touched.Length;
var cached = Run(cachedModel, cache);

Console.WriteLine();
Console.WriteLine("| step | loss, uncached | loss, cached (fp32) | abs. difference | s/step uncached | s/step cached |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
double maxDiff = 0;
for (int s = 0; s < steps; s++)
{
    double diff = Math.Abs(uncached.Losses[s] - cached.Losses[s]);
    maxDiff = Math.Max(maxDiff, diff);
    Console.WriteLine($"| {s + 1} | {uncached.Losses[s]:F7} | {cached.Losses[s]:F7} | {diff:E2} | {uncached.Seconds[s]:F2} | {cached.Seconds[s]:F3} |");
}
// The first step of each path includes one-time warm-up; the medians of the rest are the steady-state cost.
static double Median(IEnumerable<double> xs)
{
    var a = xs.Order().ToArray();
    return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
}
double uncachedStep = Median(uncached.Seconds.Skip(1));
double cachedStep = Median(cached.Seconds.Skip(1));
int perEpoch = Math.Max(1, records.Count / batchSize);
Console.WriteLine();
Console.WriteLine($"max |loss difference| over {steps} steps: {maxDiff:E2} (tolerance 1e-4)");
Console.WriteLine($"median step (steps 2..{steps}): uncached {uncachedStep:F3} s, cached {cachedStep:F3} s; speed-up per step {uncachedStep / cachedStep:F1}x");
Console.WriteLine($"cache: {cache.Count} images (fp32, {cache.Bytes / 1e6:F1} MB) in {cacheMeasured:F1} s; " +
                  $"all {records.Count} images extrapolated: {cacheSeconds:F0} s = {cacheSeconds / cachedStep:F0} cached steps");
double epochUncached = perEpoch * uncachedStep, epochCached = perEpoch * cachedStep;
Console.WriteLine($"one epoch ({perEpoch} steps): uncached {epochUncached:F0} s, cached {epochCached:F0} s; " +
                  $"20 epochs incl. cache: uncached {20 * epochUncached:F0} s, cached {cacheSeconds + 20 * epochCached:F0} s " +
                  $"({20 * epochUncached / (cacheSeconds + 20 * epochCached):F1}x)");
return maxDiff <= 1e-4 ? 0 : 1;
