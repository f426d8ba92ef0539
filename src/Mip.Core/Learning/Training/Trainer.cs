using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mip.Checkpoints;
using Mip.Data;
using Mip.Evaluation;
using Mip.IO;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// Trains an <see cref="EmbeddingModel"/> with an <see cref="ITrainingObjective"/>: freezes the requested stages, fills
/// the feature cache when it can, runs the epochs, scores held-out training classes after each, and writes
/// <c>last.ckpt</c> (weights, optimizer and random state, every epoch) and <c>best.ckpt</c> (best validation
/// Recall@1). Checkpoints are written atomically, so a run killed at any moment leaves the previous complete file and
/// can continue with <see cref="TrainRequest.Resume"/>.
/// </summary>
public static class Trainer
{
    /// <summary>File name of the checkpoint written after every epoch.</summary>
    public const string LastCheckpointName = "last.ckpt";

    /// <summary>File name of the checkpoint with the best validation Recall@1.</summary>
    public const string BestCheckpointName = "best.ckpt";

    /// <summary>File name of one epoch's weights, kept with <see cref="TrainerOptions.KeepEpochCheckpoints"/>.</summary>
    public static string EpochCheckpointName(int epoch) => $"epoch-{epoch.ToString("D3", CultureInfo.InvariantCulture)}.ckpt";

    /// <summary>File name of the per-epoch log.</summary>
    public const string HistoryName = "history.csv";

    /// <summary>Checkpoint section holding the optimizer state.</summary>
    public const string OptimizerSection = "optimizer";

    /// <summary>Checkpoint section holding <see cref="TrainerState"/>.</summary>
    public const string StateSection = "trainer-state";

    /// <summary>Runs (or resumes) the training described by <paramref name="request"/>.</summary>
    /// <exception cref="MipInputException">Bad settings, an output folder that already holds a run without resume, or an unusable checkpoint.</exception>
    public static TrainingResult Train(TrainRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        options.Validate();
        var model = request.Model;
        if (options.FrozenStages > model.Backbone.StageCount)
            throw new MipInputException($"Cannot freeze {options.FrozenStages} stages: the {model.Backbone.Kind} backbone has {model.Backbone.StageCount}.");
        Directory.CreateDirectory(request.OutputFolder);
        string lastPath = Path.Combine(request.OutputFolder, LastCheckpointName);
        string bestPath = Path.Combine(request.OutputFolder, BestCheckpointName);
        if (!request.Resume && File.Exists(lastPath))
            throw new MipInputException($"The output folder '{request.OutputFolder}' already holds a run ({LastCheckpointName}); resume it with --resume or choose another folder.");
        if (request.Resume && !File.Exists(lastPath))
            throw new MipInputException($"Cannot resume: '{lastPath}' does not exist.");

        model.FreezeStages(options.FrozenStages);
        var (trainRecords, validationRecords) = ValidationSplit.Carve(request.TrainImages, options.ValidationFraction, options.Seed);
        var trainImages = new TrainingImages(trainRecords, model.InputSize, request.LoadOptions);
        var validationImages = new TrainingImages(validationRecords, model.InputSize, request.LoadOptions);
        string signature = Signature(request, trainRecords.Count, validationRecords.Count);

        if (request.Resume) RemoveLeftoverTemporaryFiles(request.OutputFolder);

        // Resume: weights before the cache is built (the frozen prefix is part of the checkpoint, so it must be loaded first).
        TrainerState? resumed = null;
        Checkpoint? last = null;
        if (request.Resume)
        {
            last = CheckpointFile.Read(lastPath);
            if (!last.Sections.TryGetValue(StateSection, out var stateBytes) || !last.Sections.ContainsKey(OptimizerSection))
                throw new CheckpointException(lastPath, "has no trainer state; it was not written by a training run.");
            resumed = TrainerState.FromJson(stateBytes);
            if (resumed.RunSignature != signature)
                throw new CheckpointException(lastPath, $"belongs to a different run (its settings: {resumed.RunSignature}; now: {signature}). Use the same settings, or another output folder.");
            last.LoadInto(model);
        }

        var total = Stopwatch.StartNew();
        FeatureCache? cache = null;
        double cacheSeconds = 0;
        try
        {
            if (options.UsesCache)
            {
                cache = new FeatureCache(model, options.CacheStorage);
                var clock = Stopwatch.StartNew();
                int all = (trainImages.Count + validationImages.Count) * request.Objective.Variants.Count;
                int done = 0;
                foreach (var variant in request.Objective.Variants)
                {
                    int before = done;
                    AddToCache(cache, trainImages, variant, options, new InlineProgress<int>(n => progress?.Report(new(TrainingPhase.Caching, 0, options.Epochs, before + n, all, double.NaN, 0, TimeSpan.Zero))));
                    done += trainImages.Count;
                }
                AddToCache(cache, validationImages, CleanImageVariant.Instance, options,
                    new InlineProgress<int>(n => progress?.Report(new(TrainingPhase.Caching, 0, options.Epochs, done + n, all, double.NaN, 0, TimeSpan.Zero))));
                cacheSeconds = clock.Elapsed.TotalSeconds;
            }

            using var session = new TrainingSession(model, request.Objective, trainImages, options, cache);
            var history = new List<EpochRecord>();
            double? best = null;
            int bestEpoch = 0;
            int startEpoch = 1;
            if (resumed is not null)
            {
                session.LoadOptimizerState(last!.Sections[OptimizerSection], request.OutputFolder);
                session.RestoreRandomStates(resumed.SamplerState, resumed.ObjectiveState, resumed.AugmentationState);
                history.AddRange(resumed.History);
                best = resumed.BestValidationRecallAt1;
                bestEpoch = resumed.BestEpoch;
                startEpoch = resumed.EpochsCompleted + 1;
            }
            else
            {
                var (r1, mapR) = Validate(model, validationImages, cache, options);
                history.Add(new EpochRecord(0, double.NaN, r1, mapR, 0));
                best = r1;
                SaveModel(bestPath, model, request, 0, r1);
                progress?.Report(new(TrainingPhase.EpochDone, 0, options.Epochs, 0, 0, double.NaN, 0, TimeSpan.Zero, r1));
            }

            var trainClock = Stopwatch.StartNew();
            int steps = session.Sampler.BatchesPerEpoch;
            int epochsThisRun = Math.Max(0, options.Epochs - startEpoch + 1);
            for (int epoch = startEpoch; epoch <= options.Epochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (request.Objective is IEpochObserver observer) observer.OnEpochStart(epoch, cache);
                var epochClock = Stopwatch.StartNew();
                double lossSum = 0;
                for (int step = 1; step <= steps; step++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    session.ScaleLearningRates(LearningRateScheduleFactor.At(options.Schedule, (long)(epoch - 1) * steps + step - 1, (long)options.Epochs * steps));
                    lossSum += session.Step();
                    double seconds = epochClock.Elapsed.TotalSeconds;
                    double perStep = seconds / step;
                    int stepsLeft = (options.Epochs - epoch) * steps + (steps - step);
                    progress?.Report(new(TrainingPhase.Training, epoch, options.Epochs, step, steps, lossSum / step,
                        step * options.BatchSize / Math.Max(seconds, 1e-9), TimeSpan.FromSeconds(perStep * stepsLeft)));
                }
                double epochSeconds = epochClock.Elapsed.TotalSeconds;
                progress?.Report(new(TrainingPhase.Validating, epoch, options.Epochs, steps, steps, lossSum / steps, 0, TimeSpan.Zero));
                var (recall, mapAtR) = Validate(model, validationImages, cache, options);
                var record = new EpochRecord(epoch, lossSum / steps, recall, mapAtR, epochSeconds);
                history.Add(record);
                // No validation classes: the last epoch is the best by definition.
                if (recall is null || best is null || recall > best)
                {
                    best = recall;
                    bestEpoch = epoch;
                    SaveModel(bestPath, model, request, epoch, recall);
                }
                if (options.KeepEpochCheckpoints)
                    SaveModel(Path.Combine(request.OutputFolder, EpochCheckpointName(epoch)), model, request, epoch, recall);
                var (samplerState, objectiveState, augmentationState) = session.RandomStates();
                var state = new TrainerState
                {
                    EpochsCompleted = epoch,
                    SamplerState = samplerState,
                    ObjectiveState = objectiveState,
                    AugmentationState = augmentationState,
                    BestValidationRecallAt1 = best,
                    BestEpoch = bestEpoch,
                    RunSignature = signature,
                    History = history,
                };
                SaveModel(lastPath, model, request, epoch, recall, new Dictionary<string, byte[]>
                {
                    [OptimizerSection] = session.SaveOptimizerState(request.OutputFolder),
                    [StateSection] = state.ToJson(),
                });
                WriteHistory(Path.Combine(request.OutputFolder, HistoryName), history);
                progress?.Report(new(TrainingPhase.EpochDone, epoch, options.Epochs, steps, steps, lossSum / steps, 0, TimeSpan.Zero, recall));
            }
            if (epochsThisRun == 0 && !File.Exists(bestPath)) SaveModel(bestPath, model, request, options.Epochs, null);
            return new TrainingResult(history, bestEpoch, best, lastPath, bestPath, cacheSeconds, trainClock.Elapsed.TotalSeconds,
                resumed?.EpochsCompleted);
        }
        finally
        {
            cache?.Dispose();
        }
    }

    /// <summary>Recall@1 and MAP@R of the validation images searched against themselves, or nulls without validation classes.</summary>
    public static (double? RecallAt1, double? MapAtR) Validate(EmbeddingModel model, TrainingImages images, FeatureCache? cache, TrainerOptions options)
    {
        if (images.Count < 2) return (null, null);
        using var scope = NewDisposeScope();
        Tensor embeddings = EmbedForEvaluation(model, images, cache, options.InferenceBatchSize);
        var scores = RetrievalEvaluator.EvaluateSelf(new EmbeddingSet(embeddings, images.Labels(), Name: "validation set"),
            new RetrievalEvaluationOptions { RecallKs = [1], ComputeClustering = false });
        return (scores.RecallAtK[1], double.IsNaN(scores.MapAtR) ? null : scores.MapAtR);
    }

    /// <summary>Embeds <paramref name="images"/> in evaluation mode without gradients, from the cache when it has them.</summary>
    public static Tensor EmbedForEvaluation(EmbeddingModel model, TrainingImages images, FeatureCache? cache, int batchSize) =>
        EmbedForEvaluation(model, images, CleanImageVariant.Instance, cache, batchSize);

    /// <summary>
    /// Embeds <paramref name="variant"/> of every image in evaluation mode without gradients, from the cache when it
    /// holds that variant, else by applying the variant to the resized image and running the whole network.
    /// </summary>
    public static Tensor EmbedForEvaluation(EmbeddingModel model, TrainingImages images, IImageVariant variant, FeatureCache? cache, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(variant);
        model.eval();
        try
        {
            using var _ = no_grad();
            var device = model.Head.weight!.device;
            var parts = new List<Tensor>();
            using var scope = NewDisposeScope();
            for (int start = 0; start < images.Count; start += batchSize)
            {
                int count = Math.Min(batchSize, images.Count - start);
                var indices = Enumerable.Range(start, count).ToArray();
                Tensor embedded;
                if (cache is not null && indices.All(i => cache.Contains(images.Records[i].Id, variant.Name)))
                {
                    embedded = model.ForwardFromCache(cache.Gather(indices.Select(i => images.Records[i].Id).ToArray(), variant.Name).to(device));
                }
                else
                {
                    var batch = indices.Select(i => variant.Apply(images.LoadResized(i), images.Records[i])).ToArray();
                    embedded = model.forward(Images.ImageTensors.ToBatch(batch).to(device));
                }
                parts.Add(embedded.cpu());
            }
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train();
        }
    }

    // A run killed while writing leaves its half-written temporary files (never a half-written checkpoint: those are
    // renamed into place only when complete). Files of other live processes are kept.
    private static void RemoveLeftoverTemporaryFiles(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            string[] parts = Path.GetFileName(path).Split('.', '-');
            bool ours = parts.Any(p => p == Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            bool alive = parts.Any(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && IsAlive(pid));
            if (!ours && !alive)
            {
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void AddToCache(FeatureCache cache, TrainingImages images, IImageVariant variant, TrainerOptions options, IProgress<int> progress)
    {
        if (images.Count == 0) return;
        if (options.CacheFolder is { } folder) cache.AddPersisted(images, variant, folder, options.InferenceBatchSize, progress);
        else cache.Add(images, variant, options.InferenceBatchSize, progress);
    }

    private static void SaveModel(string path, EmbeddingModel model, TrainRequest request, int epoch, double? recall,
        IReadOnlyDictionary<string, byte[]>? sections = null)
    {
        var hyper = new Dictionary<string, string>(request.Options.Describe());
        foreach (var (k, v) in request.Objective.Hyperparameters) hyper[k] = v;
        var notes = new Dictionary<string, string> { ["backboneWeights"] = model.BackboneWeightsSource };
        if (request.StartedFrom is { } start) notes["startedFrom"] = start;
        if (recall is { } r) notes["validationRecallAt1"] = r.ToString("R", CultureInfo.InvariantCulture);
        var metadata = EmbeddingModelCheckpoint.DescribeArchitecture(model) with
        {
            Method = request.Objective.Method,
            Hyperparameters = hyper,
            Dataset = request.DatasetName,
            Epoch = epoch,
            Notes = notes,
        };
        EmbeddingModelCheckpoint.Save(path, model, metadata, sections);
    }

    private static string Signature(TrainRequest request, int trainCount, int validationCount)
    {
        // A run may be resumed with more epochs, unless its schedule's horizon is the number of epochs. The constant
        // schedule is left out so that runs begun before schedules existed can still be resumed.
        bool constant = request.Options.Schedule == LearningRateSchedule.Constant;
        var parts = request.Options.Describe().Where(kv => !constant || kv.Key is not ("epochs" or "lrSchedule")).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}").ToList();
        parts.Add($"method={request.Objective.Method}");
        foreach (var (k, v) in request.Objective.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal)) parts.Add($"{k}={v}");
        parts.Add($"inputSize={request.Model.InputSize}");
        if (request.StartedFrom is { } start) parts.Add($"startedFrom={start}");
        parts.Add($"trainImages={trainCount}");
        parts.Add($"validationImages={validationCount}");
        return string.Join(";", parts);
    }

    private static void WriteHistory(string path, IReadOnlyList<EpochRecord> history)
    {
        static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
        var text = new StringBuilder("epoch,mean_loss,val_recall_at_1,val_map_at_r,seconds\n");
        foreach (var e in history)
            text.Append(CultureInfo.InvariantCulture, $"{e.Epoch},{F(e.MeanLoss)},{F(e.ValidationRecallAt1)},{F(e.ValidationMapAtR)},{F(e.Seconds)}\n");
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
