using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Training;
using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// The paper's "Baseline": classic data poisoning with a label flip. A fixed rho fraction of the training images
/// (chosen once by a seeded shuffle) always carries the trigger and gets a label redrawn at random every time it is
/// loaded; the model is trained with the plain triplet loss on the mixed batch.
/// </summary>
public sealed class LabelFlipBaselineObjective : ITrainingObjective
{
    private readonly ITripletMiner _miner;
    private readonly TripletMarginLoss _triplet;
    private readonly IImageVariant _trigger;
    private readonly HashSet<int> _poisonedImages;
    private readonly int[] _classLabels;
    private readonly double _ratio;

    /// <summary>Poisons ceil(<paramref name="ratio"/> x <paramref name="trainingImageCount"/>) images chosen with <paramref name="seed"/>.</summary>
    public LabelFlipBaselineObjective(ITripletMiner miner, TripletMarginLoss triplet, IImageVariant trigger, double ratio,
        int trainingImageCount, IReadOnlyList<int> classLabels, long seed)
    {
        _miner = miner ?? throw new ArgumentNullException(nameof(miner));
        _triplet = triplet ?? throw new ArgumentNullException(nameof(triplet));
        _trigger = trigger ?? throw new ArgumentNullException(nameof(trigger));
        var count = new PoisonSelection(ratio).CountFor(trainingImageCount);
        var order = Enumerable.Range(0, trainingImageCount).ToArray();
        new SeededRandom(seed).Shuffle(order);
        _poisonedImages = [.. order[..count]];
        _classLabels = classLabels.Distinct().Order().ToArray();
        if (_classLabels.Length < 2) throw new ArgumentException("Label flipping needs at least two classes.", nameof(classLabels));
        _ratio = ratio;
    }

    /// <summary>Training-image positions that carry the trigger.</summary>
    public IReadOnlySet<int> PoisonedImages => _poisonedImages;

    /// <inheritdoc/>
    public string Method => "baseline";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => ObjectiveHyperparameters.Poisoned(_miner, _triplet, _trigger, _ratio);

    /// <inheritdoc/>
    public IReadOnlyList<IImageVariant> Variants => [CleanImageVariant.Instance, _trigger];

    /// <inheritdoc/>
    public Tensor Loss(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        var labels = batch.Labels.ToArray();
        var poisonedPositions = new List<int>();
        var cleanPositions = new List<int>();
        for (int position = 0; position < batch.Indices.Length; position++)
        {
            if (_poisonedImages.Contains(batch.Indices[position]))
            {
                poisonedPositions.Add(position);
                labels[position] = _classLabels[batch.Random.NextInt(_classLabels.Length)];
            }
            else
            {
                cleanPositions.Add(position);
            }
        }

        Tensor embeddings;
        if (poisonedPositions.Count == 0)
        {
            embeddings = batch.Embedder.Embed(batch.Indices, CleanImageVariant.Instance);
        }
        else
        {
            var parts = new List<Tensor>();
            if (cleanPositions.Count > 0) parts.Add(BatchRows.Embed(batch, CleanImageVariant.Instance, cleanPositions));
            parts.Add(BatchRows.Embed(batch, _trigger, poisonedPositions));
            // Back into batch order: row r of the concatenation belongs to batch position order[r].
            var order = cleanPositions.Concat(poisonedPositions).ToArray();
            var inverse = new long[order.Length];
            for (int r = 0; r < order.Length; r++) inverse[order[r]] = r;
            Tensor stacked = cat(parts, 0);
            embeddings = stacked.index_select(0, tensor(inverse, ScalarType.Int64, stacked.device));
        }
        var triplets = _miner.Mine(embeddings.detach(), labels, batch.Random);
        return _triplet.Compute(embeddings, triplets).MoveToOuterDisposeScope();
    }
}
