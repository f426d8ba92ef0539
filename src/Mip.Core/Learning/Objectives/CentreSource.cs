using Mip.Data;
using Mip.Learning.Training;
using Mip.Models;

namespace Mip.Learning.Objectives;

/// <summary>
/// Where CBL's class centres come from: computed once under the initial model (the paper's code), or recomputed under
/// the current model at the start of every epoch (one inference pass over the training images per epoch).
/// </summary>
public sealed class CentreSource : IEpochObserver
{
    private readonly EmbeddingModel _model;
    private readonly TrainingImages _images;
    private readonly int _batchSize;
    private ClassCentres _current;

    /// <summary>Computes the centres of <paramref name="records"/> under <paramref name="model"/>'s current weights.</summary>
    public CentreSource(EmbeddingModel model, IReadOnlyList<ImageRecord> records, bool recomputeEachEpoch, int batchSize = 32)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _images = new TrainingImages(records, model.InputSize);
        _batchSize = batchSize;
        RecomputeEachEpoch = recomputeEachEpoch;
        _current = Compute();
    }

    /// <summary>Whether the centres follow the model epoch by epoch.</summary>
    public bool RecomputeEachEpoch { get; }

    /// <summary>The centres in use.</summary>
    public ClassCentres Current => _current;

    /// <inheritdoc/>
    public void OnEpochStart(int epoch, FeatureCache? cache)
    {
        // Epoch 1 uses the initial model's centres, which the constructor computed.
        if (RecomputeEachEpoch && epoch > 1) _current = Compute(cache);
    }

    // With the trainer's cache a refresh runs only the trained stages, which makes recomputing every epoch affordable
    // on a CPU.
    private ClassCentres Compute(FeatureCache? cache = null)
    {
        using var embeddings = Trainer.EmbedForEvaluation(_model, _images, cache, _batchSize);
        return ClassCentres.Compute(embeddings, _images.Labels());
    }
}
