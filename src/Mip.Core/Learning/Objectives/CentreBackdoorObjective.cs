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
/// paper) the clean positive inside L'_d is a constant, so only the protected anchor is pushed.
/// </summary>
public sealed class CentreBackdoorObjective(
    ITripletMiner miner, TripletMarginLoss triplet, IImageVariant trigger, PoisonSelection poisoning,
    Func<ClassCentres> centres, double lambda = 1.0, IEpochObserver? centreRefresh = null, bool detachClean = false)
    : ITrainingObjective, IEpochObserver
{
    private readonly AnchorPoisonedCentreLoss _anchorPoisoned = new(triplet);

    /// <summary>Weight of L'_d.</summary>
    public double Lambda { get; } = lambda;

    /// <inheritdoc/>
    public string Method => "cbl";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => ObjectiveHyperparameters.Poisoned(miner, triplet, trigger, poisoning.Ratio,
        ("lambda", Lambda.ToString(CultureInfo.InvariantCulture)),
        ("normalisation", "mean clean term + poisoned sum / mined triplets"),
        ("centres", centreRefresh is CentreSource { RecomputeEachEpoch: true } ? "recomputed each epoch" : "initial model"),
        ("cleanInPrivacyTerms", detachClean ? "detached" : "trained"));

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
        int[] chosen = poisoning.Choose(triplets.Count, batch.Random);
        if (chosen.Length > 0 && Lambda != 0)
        {
            int[] a = chosen.Select(t => triplets.Anchors[t]).ToArray();
            int[] p = chosen.Select(t => triplets.Positives[t]).ToArray();
            Tensor cleanAnchors = BatchRows.Select(clean, a);
            Tensor centreSet = centres().Centres.to(clean.device);
            Tensor far = centreSet.index_select(0, AnchorPoisonedCentreLoss.FarthestCentre(cleanAnchors, centreSet));
            Tensor triggeredAnchors = BatchRows.Embed(batch, trigger, a);
            Tensor poisoned = _anchorPoisoned.Terms(triggeredAnchors, far, BatchRows.Select(detachClean ? clean.detach() : clean, p)).sum();
            total = total + KeptScalar.Divide(KeptScalar.Multiply(poisoned, Lambda), triplets.Count);
        }
        return total.MoveToOuterDisposeScope();
    }
}
