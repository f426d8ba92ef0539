using Mip.Learning.Samplers;
using Mip.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// The moving parts of one run, step by step: sampler, objective with its random stream, batch embedder (cached or
/// not) and Adam. <see cref="Trainer"/> drives it through epochs; benchmarks drive it directly to compare paths.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private readonly EmbeddingModel model;
    private readonly ITrainingObjective objective;
    private readonly int[] labels;

    /// <summary>
    /// Sets up a run of <paramref name="model"/> (already frozen as it should be) on <paramref name="images"/>. With
    /// <paramref name="cache"/>, batches are embedded from cached features, which must cover the objective's variants.
    /// </summary>
    public TrainingSession(EmbeddingModel model, ITrainingObjective objective, TrainingImages images, TrainerOptions options, FeatureCache? cache)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.objective = objective ?? throw new ArgumentNullException(nameof(objective));
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        Images = images;
        labels = images.Labels();
        var seeds = new SeededRandom(options.Seed);
        Sampler = new ClassBalancedBatchSampler(labels, options.BatchSize, options.SamplesPerClass, seeds.Fork());
        ObjectiveRandom = new SeededRandom(seeds.Fork());
        AugmentationRandom = new SeededRandom(seeds.Fork());
        Embedder = cache is not null
            ? new CachedBatchEmbedder(model, cache, images)
            : new ImageBatchEmbedder(model, images, options.Augment ? AugmentationRandom : null);
        Optimizer = CreateOptimizer(model, options);
        BaseLearningRates = Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
    }

    /// <summary>
    /// The first <paramref name="count"/> batches a session with these <paramref name="labels"/> and
    /// <paramref name="options"/> will draw (so a benchmark can cache just the images they touch).
    /// </summary>
    public static int[][] PreviewBatches(IReadOnlyList<int> labels, TrainerOptions options, int count)
    {
        var sampler = new ClassBalancedBatchSampler(labels, options.BatchSize, options.SamplesPerClass, new SeededRandom(options.Seed).Fork());
        return Enumerable.Range(0, count).Select(_ => sampler.NextBatch()).ToArray();
    }

    /// <summary>The training images.</summary>
    public TrainingImages Images { get; }

    /// <summary>The batch sampler.</summary>
    public ClassBalancedBatchSampler Sampler { get; }

    /// <summary>The objective's random stream.</summary>
    public SeededRandom ObjectiveRandom { get; }

    /// <summary>The augmentation random stream.</summary>
    public SeededRandom AugmentationRandom { get; }

    /// <summary>How batches are embedded.</summary>
    public IBatchEmbedder Embedder { get; }

    /// <summary>The optimizer (Adam).</summary>
    public Adam Optimizer { get; }

    /// <summary>The learning rate of each parameter group as set (trunk first when it trains, then the head).</summary>
    public IReadOnlyList<double> BaseLearningRates { get; }

    /// <summary>Sets each parameter group's learning rate to its <see cref="BaseLearningRates"/> value times <paramref name="factor"/>.</summary>
    public void ScaleLearningRates(double factor)
    {
        if (!(factor >= 0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be zero or positive.");
        int i = 0;
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = BaseLearningRates[i++] * factor;
    }

    /// <summary>One step: draw a batch, compute the objective, back-propagate, update. Returns the loss.</summary>
    public double Step()
    {
        int[] indices = Sampler.NextBatch();
        var batchLabels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) batchLabels[i] = labels[indices[i]];
        model.train();
        using var scope = NewDisposeScope();
        Optimizer.zero_grad();
        Tensor loss = objective.Loss(new TrainingBatch(indices, batchLabels, Embedder, ObjectiveRandom));
        loss.backward();
        Optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Captures the random states for a checkpoint.</summary>
    public (ulong Sampler, ulong Objective, ulong Augmentation) RandomStates() => (Sampler.RandomState, ObjectiveRandom.State, AugmentationRandom.State);

    /// <summary>Restores random states saved by <see cref="RandomStates"/>.</summary>
    public void RestoreRandomStates(ulong sampler, ulong objectiveState, ulong augmentation)
    {
        Sampler.RandomState = sampler;
        ObjectiveRandom.Restore(objectiveState);
        AugmentationRandom.Restore(augmentation);
    }

    /// <summary>The optimizer state as bytes (via a temporary file: TorchSharp saves optimizer state to files).</summary>
    public byte[] SaveOptimizerState(string scratchFolder)
    {
        string path = Path.Combine(scratchFolder, $".optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            Optimizer.save_state_dict(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Loads optimizer state saved by <see cref="SaveOptimizerState"/>.</summary>
    public void LoadOptimizerState(byte[] state, string scratchFolder)
    {
        string path = Path.Combine(scratchFolder, $".optimizer-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(path, state);
            Optimizer.load_state_dict(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Adam CreateOptimizer(EmbeddingModel model, TrainerOptions options)
    {
        // PyTorch's Adam defaults (TorchSharp's beta2 default is 0.99, PyTorch's 0.999); weight decay is Adam's L2 term.
        var head = new HashSet<Parameter>(model.Head.parameters(), ReferenceEqualityComparer.Instance);
        var trunk = model.TrainableParameters().Where(p => !head.Contains(p)).ToList();
        var headParams = model.TrainableParameters().Where(p => head.Contains(p)).ToList();
        double headLr = options.HeadLearningRate ?? options.LearningRate;
        var groups = new List<Adam.ParamGroup>();
        if (trunk.Count > 0) groups.Add(new Adam.ParamGroup(trunk, new Adam.Options { LearningRate = options.LearningRate, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = options.WeightDecay }));
        groups.Add(new Adam.ParamGroup(headParams, new Adam.Options { LearningRate = headLr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = options.WeightDecay }));
        return new Adam(groups, options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: options.WeightDecay);
    }

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();
}
