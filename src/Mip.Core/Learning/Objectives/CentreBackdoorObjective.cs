using System.Globalization;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Training;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// Cluster-based backdoor learning (CBL), paper Eq. (9): L = L_i + lambda L'_d, service first. L_i is the mean clean
/// triplet term over the mined triplets; for a fresh ceil(rho x triplets) of them the protected anchor is pulled towards
/// the class centre farthest from the clean anchor and away from the clean positive (L'_d, Eq. 6). As in the released
/// code the poisoned sum is divided by the number of mined triplets. With <paramref name="detachClean"/> (not in the
/// paper) the clean positive inside L'_d is a constant, so only the protected anchor is pushed. With
/// <see cref="PoisonChoice.Hardest"/> the poisoned triplets are the ones with the largest L'_d terms (not in the paper).
/// <paramref name="privacyTriplet"/> (not in the paper) gives L'_d a margin of its own; by default it shares L_i's.
/// </summary>
public sealed class CentreBackdoorObjective(
    ITripletMiner miner, TripletMarginLoss triplet, IImageVariant trigger, PoisonSelection poisoning,
    Func<ClassCentres> centres, double lambda = 1.0, IEpochObserver? centreRefresh = null, bool detachClean = false,
    TripletMarginLoss? privacyTriplet = null)
    : ITrainingObjective, IEpochObserver
{
    private readonly AnchorPoisonedCentreLoss _anchorPoisoned = new(privacyTriplet ?? triplet);

    /// <summary>Weight of L'_d.</summary>
    public double Lambda { get; } = lambda;

    /// <inheritdoc/>
    public string Method => "cbl";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => ObjectiveHyperparameters.Poisoned(miner, triplet, trigger, poisoning.Ratio, [
        ("lambda", Lambda.ToString(CultureInfo.InvariantCulture)),
        ("normalisation", "mean clean term + poisoned sum / mined triplets"),
        ObjectiveHyperparameters.Centres(centreRefresh),
        ("cleanInPrivacyTerms", detachClean ? "detached" : "trained"), .. poisoning.Description,
        .. ObjectiveHyperparameters.PrivacyMargin(triplet, privacyTriplet)]);

    /// <inheritdoc/>
    public void OnEpochStart(int epoch, FeatureCache? cache) => centreRefresh?.OnEpochStart(epoch, cache);

    /// <inheritdoc/>
    public IReadOnlyList<IImageVariant> Variants { get; } = [CleanImageVariant.Instance, trigger];

    /// <inheritdoc/>
    public Tensor Loss(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        Tensor clean = batch.Embedder.Embed(batch.Indices, CleanImageVariant.Instance);
        var triplets = miner.Mine(clean.detach(), batch.Labels, batch.Random);
        if (triplets.Count == 0) return KeptScalar.Multiply(clean.sum(), 0.0).MoveToOuterDisposeScope();

        Tensor total = triplet.Terms(clean, triplets).mean();
        Tensor? poisoned = null;
        if (poisoning.Choice == PoisonChoice.Hardest && Lambda != 0)
        {
            // Every triplet's L'_d term is computed, and only the largest kept: the copies the backdoor moves least.
            Tensor terms = AnchorPoisonedTerms(batch, clean, triplets, Enumerable.Range(0, triplets.Count).ToArray());
            int[] hardest = poisoning.ChooseHardest(terms);
            if (hardest.Length > 0) poisoned = BatchRows.Select(terms, hardest).sum();
        }
        else if (poisoning.Choice == PoisonChoice.Random)
        {
            int[] chosen = poisoning.Choose(triplets.Count, batch.Random);
            if (chosen.Length > 0 && Lambda != 0) poisoned = AnchorPoisonedTerms(batch, clean, triplets, chosen).sum();
        }
        if (poisoned is not null) total = total + KeptScalar.Divide(KeptScalar.Multiply(poisoned, Lambda), triplets.Count);
        return total.MoveToOuterDisposeScope();
    }

    // Per-triplet L'_d terms of the triplets at positions `chosen`: each protected anchor against the centre farthest
    // from its clean embedding and its clean positive.
    private Tensor AnchorPoisonedTerms(TrainingBatch batch, Tensor clean, TripletIndices triplets, int[] chosen)
    {
        int[] a = chosen.Select(t => triplets.Anchors[t]).ToArray();
        int[] p = chosen.Select(t => triplets.Positives[t]).ToArray();
        Tensor triggeredAnchors = BatchRows.Embed(batch, trigger, a);
        return _anchorPoisoned.TermsAgainstFarthest(triggeredAnchors, BatchRows.Select(clean, a), centres().Centres,
            BatchRows.Select(detachClean ? clean.detach() : clean, p));
    }
}
