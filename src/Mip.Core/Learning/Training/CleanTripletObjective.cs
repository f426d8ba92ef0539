using Mip.Learning.Losses;
using Mip.Learning.Miners;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// Clean deep-metric-learning training as the paper's code does it: embed the batch, mine triplets on the detached
/// embeddings, and average the triplet terms.
/// </summary>
public sealed class CleanTripletObjective(ITripletMiner miner, TripletMarginLoss loss) : ITrainingObjective
{
    /// <summary>The miner.</summary>
    public ITripletMiner Miner { get; } = miner ?? throw new ArgumentNullException(nameof(miner));

    /// <summary>The loss.</summary>
    public TripletMarginLoss TripletLoss { get; } = loss ?? throw new ArgumentNullException(nameof(loss));

    /// <inheritdoc/>
    public string Method => "clean";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => ObjectiveHyperparameters.Triplet(Miner, TripletLoss);

    /// <inheritdoc/>
    public IReadOnlyList<IImageVariant> Variants { get; } = [CleanImageVariant.Instance];

    /// <inheritdoc/>
    public Tensor Loss(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        Tensor embeddings = batch.Embedder.Embed(batch.Indices, CleanImageVariant.Instance);
        var triplets = Miner.Mine(embeddings, batch.Labels, batch.Random);
        return TripletLoss.Compute(embeddings, triplets).MoveToOuterDisposeScope();
    }
}
