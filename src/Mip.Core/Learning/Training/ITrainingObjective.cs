using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// A training method's loss for one batch (clean triplet training here; backdoor objectives embed extra variants of
/// the batch's images through the same <see cref="IBatchEmbedder"/>).
/// </summary>
public interface ITrainingObjective
{
    /// <summary>Method name written into checkpoints, e.g. "clean".</summary>
    string Method { get; }

    /// <summary>The settings that define the objective, for checkpoint metadata.</summary>
    IReadOnlyDictionary<string, string> Hyperparameters { get; }

    /// <summary>Every image variant the objective embeds (a feature cache must cover them all).</summary>
    IReadOnlyList<IImageVariant> Variants { get; }

    /// <summary>The scalar loss of <paramref name="batch"/>, connected to the trainable parameters.</summary>
    Tensor Loss(TrainingBatch batch);
}
