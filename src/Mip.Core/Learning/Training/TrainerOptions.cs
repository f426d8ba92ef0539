using System.Globalization;
using Mip.IO;
using Mip.Learning.Distances;
using Mip.Learning.Miners;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>Settings of a training run; defaults are the paper's code's values.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs to train (the total, counting epochs done before a resume).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Adam learning rate of the backbone (and of the head unless <see cref="HeadLearningRate"/> is set).</summary>
    public double LearningRate { get; init; } = 1e-5;

    /// <summary>A separate learning rate for the embedding head, or null for <see cref="LearningRate"/>.</summary>
    public double? HeadLearningRate { get; init; }

    /// <summary>How the learning rates change over the run (constant, as the paper's code, or a cosine decay to zero).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Adam's L2 weight decay: 4e-4 in the paper's code (its text says 1e-4).</summary>
    public double WeightDecay { get; init; } = 4e-4;

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 80;

    /// <summary>Images drawn from each drawn class.</summary>
    public int SamplesPerClass { get; init; } = 2;

    /// <summary>Leading model stages to freeze (stem = stage 0; 4 = stem and the first three residual stages).</summary>
    public int FrozenStages { get; init; }

    /// <summary>Random resized crop and horizontal flip; rules out the feature cache.</summary>
    public bool Augment { get; init; }

    /// <summary>Cache the frozen prefix's outputs (needs frozen stages and no augmentation).</summary>
    public bool CacheFeatures { get; init; } = true;

    /// <summary>Element type of cached features.</summary>
    public ScalarType CacheStorage { get; init; } = ScalarType.Float16;

    /// <summary>Fraction of the training classes held out to choose the best epoch (0 = none: best is last).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Seed of the sampler, the miner, augmentation and the validation split.</summary>
    public int Seed { get; init; }

    /// <summary>The miner.</summary>
    public MinerKind Miner { get; init; } = MinerKind.Random;

    /// <summary>The triplet loss's distance.</summary>
    public DistanceKind Distance { get; init; } = DistanceKind.Squared;

    /// <summary>The triplet loss's margin.</summary>
    public double Margin { get; init; } = Losses.TripletMarginLoss.DefaultMargin;

    /// <summary>Folder where cached features are kept between runs (keyed by model, input size and image files), or null for memory only.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>
    /// Also keep each epoch's weights as <c>epoch-NNN.ckpt</c> (without optimizer state), for averaging the last epochs
    /// (<see cref="Models.CheckpointAveraging"/>) or studying the run; off by default because each file holds the whole model.
    /// </summary>
    public bool KeepEpochCheckpoints { get; init; }

    /// <summary>Images per forward pass when caching and validating.</summary>
    public int InferenceBatchSize { get; init; } = 32;

    /// <summary>True when the run will train on cached features.</summary>
    public bool UsesCache => CacheFeatures && FrozenStages > 0 && !Augment;

    /// <summary>Throws a <see cref="MipInputException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new MipInputException($"Epochs must be at least 1, not {Epochs}.");
        if (!(LearningRate > 0)) throw new MipInputException($"Learning rate must be positive, not {LearningRate}.");
        if (HeadLearningRate is { } head && !(head > 0)) throw new MipInputException($"Head learning rate must be positive, not {head}.");
        if (!(WeightDecay >= 0)) throw new MipInputException($"Weight decay must be zero or positive, not {WeightDecay}.");
        if (SamplesPerClass < 2) throw new MipInputException($"Samples per class must be at least 2 (triplets need a positive), not {SamplesPerClass}.");
        if (BatchSize < 2 * SamplesPerClass || BatchSize % SamplesPerClass != 0)
            throw new MipInputException($"Batch size {BatchSize} must be a multiple of samples per class ({SamplesPerClass}) covering at least two classes.");
        if (FrozenStages < 0) throw new MipInputException($"Frozen stages must be zero or more, not {FrozenStages}.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new MipInputException($"Validation fraction must be in [0, 1), not {ValidationFraction}.");
        if (!(Margin >= 0)) throw new MipInputException($"Margin must be zero or positive, not {Margin}.");
        if (InferenceBatchSize < 1) throw new MipInputException($"Inference batch size must be at least 1, not {InferenceBatchSize}.");
    }

    /// <summary>The settings as text, for checkpoint metadata.</summary>
    public IReadOnlyDictionary<string, string> Describe()
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
            ["lr"] = F(LearningRate),
            ["headLr"] = HeadLearningRate is { } h ? F(h) : F(LearningRate),
            ["lrSchedule"] = Schedule.ToString(),
            ["weightDecay"] = F(WeightDecay),
            ["batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["samplesPerClass"] = SamplesPerClass.ToString(CultureInfo.InvariantCulture),
            ["frozenStages"] = FrozenStages.ToString(CultureInfo.InvariantCulture),
            ["augment"] = Augment ? "true" : "false",
            ["cache"] = UsesCache ? CacheStorage.ToString() : "off",
            ["valFraction"] = F(ValidationFraction),
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["miner"] = Miner.ToString(),
            ["distance"] = Distance.ToString(),
            ["margin"] = F(Margin),
        };
    }
}
