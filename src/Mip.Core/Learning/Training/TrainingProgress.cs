namespace Mip.Learning.Training;

/// <summary>What a run is doing.</summary>
public enum TrainingPhase
{
    /// <summary>Computing the feature cache.</summary>
    Caching,

    /// <summary>Training steps.</summary>
    Training,

    /// <summary>Scoring the validation classes.</summary>
    Validating,

    /// <summary>An epoch ended (loss and validation known).</summary>
    EpochDone,
}

/// <summary>A progress report of a training run.</summary>
/// <param name="Phase">What is going on.</param>
/// <param name="Epoch">Epoch being trained (1-based; 0 before training).</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Done">Steps (or images, while caching) done in this phase.</param>
/// <param name="Total">Steps (or images) in this phase.</param>
/// <param name="Loss">Mean loss of the epoch so far.</param>
/// <param name="ImagesPerSecond">Training throughput over the epoch so far.</param>
/// <param name="Remaining">Estimated time left for the whole run.</param>
/// <param name="ValidationRecallAt1">Validation Recall@1 of the finished epoch, if any.</param>
public sealed record TrainingProgress(TrainingPhase Phase, int Epoch, int Epochs, int Done, int Total, double Loss, double ImagesPerSecond, TimeSpan Remaining, double? ValidationRecallAt1 = null);
