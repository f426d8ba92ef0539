using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// The reference model's clean embedding of every training image, computed once before training: the targets of the
/// embedding-anchor loss (<see cref="Losses.EmbeddingAnchorLoss"/>). Training uses no augmentation when it anchors, so an
/// image's target never changes and one inference pass suffices.
/// </summary>
public sealed class AnchorEmbeddings : IDisposable
{
    private readonly Tensor _table;

    private AnchorEmbeddings(Tensor table, string source)
    {
        _table = table;
        Source = source;
    }

    /// <summary>What the targets came from (recorded in the run's settings), e.g. a checkpoint's file name and digest.</summary>
    public string Source { get; }

    /// <summary>Number of training images covered.</summary>
    public long Count => _table.shape[0];

    /// <summary>
    /// Embeds <paramref name="images"/> (the training images in the trainer's order) with <paramref name="reference"/>,
    /// from <paramref name="cache"/> where it holds them (it must be the reference's own, or one with equal frozen stages).
    /// </summary>
    public static AnchorEmbeddings Compute(EmbeddingModel reference, TrainingImages images, string source, FeatureCache? cache = null, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Tensor table = Trainer.EmbedForEvaluation(reference, images, cache, batchSize);
        return new AnchorEmbeddings(table, source);
    }

    /// <summary>The targets of the training images at <paramref name="indices"/>, in order, on <paramref name="device"/>.</summary>
    public Tensor Gather(IReadOnlyList<int> indices, Device device)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var index = tensor(indices.Select(i => (long)i).ToArray());
        return _table.index_select(0, index).to(device);
    }

    /// <inheritdoc/>
    public void Dispose() => _table.Dispose();
}
