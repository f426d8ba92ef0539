namespace Mip.Learning.Training;

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="History">Every epoch, 0 (before training) to the last, including epochs from before a resume.</param>
/// <param name="BestEpoch">Epoch saved as the best checkpoint.</param>
/// <param name="BestValidationRecallAt1">Its validation Recall@1, or null without validation.</param>
/// <param name="LastCheckpoint">Path of the last checkpoint.</param>
/// <param name="BestCheckpoint">Path of the best checkpoint.</param>
/// <param name="CacheSeconds">Wall time spent filling the feature cache (0 without one).</param>
/// <param name="TrainSeconds">Wall time of this invocation's training and validation, after caching.</param>
/// <param name="ResumedFromEpoch">Epoch the run resumed after, or null for a fresh run.</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, int BestEpoch, double? BestValidationRecallAt1,
    string LastCheckpoint, string BestCheckpoint, double CacheSeconds, double TrainSeconds, int? ResumedFromEpoch);
