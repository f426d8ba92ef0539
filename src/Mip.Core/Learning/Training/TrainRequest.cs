using Mip.Data;
using Mip.Images;
using Mip.Models;

namespace Mip.Learning.Training;

/// <summary>Everything <see cref="Trainer.Train"/> needs.</summary>
public sealed record TrainRequest
{
    /// <summary>The model to train (built with its seed; on resume its weights are replaced by the last checkpoint's).</summary>
    public required EmbeddingModel Model { get; init; }

    /// <summary>The method's loss.</summary>
    public required ITrainingObjective Objective { get; init; }

    /// <summary>The training split's images (validation classes are carved from them).</summary>
    public required IReadOnlyList<ImageRecord> TrainImages { get; init; }

    /// <summary>Where <c>last.ckpt</c>, <c>best.ckpt</c> and <c>history.csv</c> go.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Settings.</summary>
    public TrainerOptions Options { get; init; } = new();

    /// <summary>
    /// The checkpoint whose weights <see cref="Model"/> was given before training (see
    /// <see cref="EmbeddingModelCheckpoint.LoadWeightsInto"/>), or null when it starts from the pretrained backbone. Only
    /// recorded: in the checkpoints' notes, and in the run's settings, so that a resume cannot mix two starting points.
    /// </summary>
    public string? StartedFrom { get; init; }

    /// <summary>Continue from <c>last.ckpt</c> in <see cref="OutputFolder"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Data-set name for checkpoint metadata.</summary>
    public string? DatasetName { get; init; }

    /// <summary>Image decoding limits.</summary>
    public ImageLoadOptions? LoadOptions { get; init; }
}
