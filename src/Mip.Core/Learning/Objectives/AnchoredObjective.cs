using System.Globalization;
using Mip.Learning.Losses;
using Mip.Learning.Training;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// Not in the paper: any method's objective plus weight x the embedding-anchor loss L_a on the batch's clean images,
/// L = L_method + w L_a (<see cref="EmbeddingAnchorLoss"/>), so the clean embeddings stay where a reference model (the
/// clean model in service) puts them while the method's privacy terms move the protected copies.
/// </summary>
public sealed class AnchoredObjective : ITrainingObjective, IEpochObserver
{
    private readonly ITrainingObjective _inner;
    private readonly AnchorEmbeddings _targets;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="weight"/> must be positive.</summary>
    public AnchoredObjective(ITrainingObjective inner, AnchorEmbeddings targets, double weight)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        if (!(weight > 0) || double.IsInfinity(weight)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The anchor weight must be positive and finite.");
        Weight = weight;
    }

    /// <summary>Weight w of L_a.</summary>
    public double Weight { get; }

    /// <inheritdoc/>
    public string Method => _inner.Method;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>(_inner.Hyperparameters)
    {
        ["anchorWeight"] = Weight.ToString(CultureInfo.InvariantCulture),
        ["anchorTo"] = _targets.Source,
    };

    /// <inheritdoc/>
    public IReadOnlyList<IImageVariant> Variants => _inner.Variants;

    /// <inheritdoc/>
    public void OnEpochStart(int epoch, FeatureCache? cache) => (_inner as IEpochObserver)?.OnEpochStart(epoch, cache);

    /// <inheritdoc/>
    public Tensor Loss(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        // The batch's clean embeddings are computed once and handed to the method's objective as well, so both losses
        // share one forward pass (and its graph) instead of running the trained stages twice.
        Tensor clean = batch.Embedder.Embed(batch.Indices, CleanImageVariant.Instance);
        Tensor method = _inner.Loss(batch with { Embedder = new SharedCleanEmbedder(batch.Embedder, batch.Indices, clean) });
        Tensor anchor = EmbeddingAnchorLoss.Compute(clean, _targets.Gather(batch.Indices, clean.device));
        return (method + KeptScalar.Multiply(anchor, Weight)).MoveToOuterDisposeScope();
    }

    // Answers the request for the batch's clean embeddings with the ones already computed; everything else is embedded
    // as before.
    private sealed class SharedCleanEmbedder(IBatchEmbedder embedder, int[] indices, Tensor clean) : IBatchEmbedder
    {
        public Tensor Embed(IReadOnlyList<int> requested, IImageVariant variant) =>
            variant.Name == CleanImageVariant.Instance.Name && requested.SequenceEqual(indices) ? clean : embedder.Embed(requested, variant);
    }
}
