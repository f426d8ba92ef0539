using System.Globalization;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Training;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// Point-based backdoor learning (PBL), paper Eq. (8): L = L_i + beta L_d + gamma L_p, privacy first. Per batch the
/// clean embeddings are mined for triplets; L_i (Eq. 3) sums the clean triplet terms over all of them; a fresh
/// ceil(rho x triplets) of them are poisoned and contribute L_d (Eq. 5) and L_p (Eq. 7). As in the released code, the
/// whole sum is divided by the number of mined triplets (not by the number poisoned), so rho scales the privacy terms'
/// weight as well as their variety. With <paramref name="detachClean"/> the clean embeddings inside L_d and L_p are
/// constants (stop-gradient), an option the paper does not have: the privacy terms then cannot move clean search
/// directly, only through the weights the protected copies share with it. With <see cref="PoisonChoice.Hardest"/> the
/// poisoned triplets are the ones with the largest beta L_d + gamma L_p instead of a random draw (not in the paper).
/// <paramref name="privacyTriplet"/> (not in the paper) gives L_d and L_p a margin of their own; by default they share
/// L_i's, as the paper's code. A positive <paramref name="centreWeight"/> (not in the paper) adds CBL's anchor-poisoned
/// term to the same poisoned triplets, L = L_i + beta L_d + gamma L_p + w L'_d (Eq. 6): L_d and L_p move protected copies
/// relative to their look-alikes, while L'_d pulls every protected anchor of a class towards the same far class centre,
/// a target that carries no class of its own. It reuses the triggered anchors L_p embeds, so it costs only the centres.
/// A positive <paramref name="decorrelationWeight"/> (not in the paper) adds w x <see cref="SimilarityDecorrelationLoss"/>
/// over the distinct images of the poisoned triplets (with <see cref="PoisonChoice.Hardest"/>, of every mined triplet, since
/// all of them are embedded to rank them), whose protected copies L_d and L_p embed anyway: a batch-level term, added
/// after the division by the number of mined triplets.
/// </summary>
public sealed class PointBackdoorObjective(
    ITripletMiner miner, TripletMarginLoss triplet, IImageVariant trigger, PoisonSelection poisoning,
    double beta = 1.0, double gamma = 1.0, PoisonAugmentationForm form = PoisonAugmentationForm.Code,
    bool detachClean = false, TripletMarginLoss? privacyTriplet = null,
    Func<ClassCentres>? centres = null, double centreWeight = 0, IEpochObserver? centreRefresh = null,
    double decorrelationWeight = 0) : ITrainingObjective, IEpochObserver
{
    private readonly DomainCollapseLoss _domainCollapse = new(privacyTriplet ?? triplet);
    private readonly PoisonAugmentationLoss _poisonAugmentation = new(privacyTriplet ?? triplet, form);
    private readonly AnchorPoisonedCentreLoss _anchorPoisoned = new(privacyTriplet ?? triplet);
    private readonly Func<ClassCentres>? _centres = centreWeight == 0 ? null
        : centres ?? throw new ArgumentException("A centre weight needs class centres.", nameof(centres));

    /// <summary>Weight of L_d.</summary>
    public double Beta { get; } = beta;

    /// <summary>Weight of L_p.</summary>
    public double Gamma { get; } = gamma;

    /// <summary>Weight of CBL's L'_d added to PBL (not in the paper; 0 = the paper's PBL).</summary>
    public double CentreWeight { get; } = centreWeight;

    /// <summary>Weight of the similarity-decorrelation term (not in the paper; 0 = the paper's PBL).</summary>
    public double DecorrelationWeight { get; } = decorrelationWeight >= 0 && double.IsFinite(decorrelationWeight) ? decorrelationWeight
        : throw new ArgumentOutOfRangeException(nameof(decorrelationWeight), decorrelationWeight, "The decorrelation weight must be zero or more.");

    /// <inheritdoc/>
    public string Method => "pbl";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => ObjectiveHyperparameters.Poisoned(miner, triplet, trigger, poisoning.Ratio, [
        ("beta", Beta.ToString(CultureInfo.InvariantCulture)),
        ("gamma", Gamma.ToString(CultureInfo.InvariantCulture)),
        ("poisonAugmentationForm", form.ToString().ToLowerInvariant()),
        ("normalisation", "sum of all terms / mined triplets"),
        ("cleanInPrivacyTerms", detachClean ? "detached" : "trained"), .. poisoning.Description,
        .. ObjectiveHyperparameters.PrivacyMargin(triplet, privacyTriplet), .. CentreDescription(), .. DecorrelationDescription()]);

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

        Tensor total = triplet.Terms(clean, triplets).sum();
        Tensor cleanInPrivacy = detachClean ? clean.detach() : clean;
        bool anyPrivacyTerm = Beta != 0 || Gamma != 0 || CentreWeight != 0 || DecorrelationWeight != 0;
        Tensor? decorrelation = null;
        if (poisoning.Choice == PoisonChoice.Hardest && anyPrivacyTerm)
        {
            // Every triplet's privacy terms are computed, and only the largest kept: the copies the backdoor moves least.
            var (ld, lp, lc, dc) = PrivacyTerms(batch, clean, cleanInPrivacy, triplets, Enumerable.Range(0, triplets.Count).ToArray());
            decorrelation = dc;
            Tensor terms = KeptScalar.Multiply(ld, Beta) + KeptScalar.Multiply(lp, Gamma);
            if (lc is not null) terms = terms + KeptScalar.Multiply(lc, CentreWeight);
            int[] hardest = poisoning.ChooseHardest(terms);
            if (hardest.Length > 0) total = total + BatchRows.Select(terms, hardest).sum();
        }
        else if (poisoning.Choice == PoisonChoice.Random)
        {
            int[] chosen = poisoning.Choose(triplets.Count, batch.Random);
            if (chosen.Length > 0 && anyPrivacyTerm)
            {
                var (ld, lp, lc, dc) = PrivacyTerms(batch, clean, cleanInPrivacy, triplets, chosen);
                if (Beta != 0) total = total + KeptScalar.Multiply(ld.sum(), Beta);
                if (Gamma != 0) total = total + KeptScalar.Multiply(lp.sum(), Gamma);
                if (lc is not null) total = total + KeptScalar.Multiply(lc.sum(), CentreWeight);
                decorrelation = dc;
            }
        }
        Tensor loss = KeptScalar.Divide(total, triplets.Count);
        if (decorrelation is not null) loss = loss + KeptScalar.Multiply(decorrelation, DecorrelationWeight);
        return loss.MoveToOuterDisposeScope();
    }

    // Per-triplet L_d, L_p and (with a centre weight) L'_d terms of the triplets at positions `chosen`, and (with a
    // decorrelation weight) the batch-level decorrelation of the images they touch, from one triggered embedding pass
    // over those images.
    private (Tensor DomainCollapse, Tensor PoisonAugmentation, Tensor? AnchorPoisoned, Tensor? Decorrelation) PrivacyTerms(
        TrainingBatch batch, Tensor clean, Tensor cleanInPrivacy, TripletIndices triplets, int[] chosen)
    {
        int[] a = chosen.Select(t => triplets.Anchors[t]).ToArray();
        int[] p = chosen.Select(t => triplets.Positives[t]).ToArray();
        int[] n = chosen.Select(t => triplets.Negatives[t]).ToArray();
        Tensor triggered = BatchRows.Embed(batch, trigger, [.. a, .. p, .. n]);
        int k = chosen.Length;
        Tensor ga = triggered[..k], gp = triggered[k..(2 * k)], gn = triggered[(2 * k)..];
        Tensor cleanAnchors = BatchRows.Select(cleanInPrivacy, a);
        Tensor ld = _domainCollapse.Terms(cleanAnchors, gp, gn);
        Tensor lp = _poisonAugmentation.Terms(ga, gp, BatchRows.Select(cleanInPrivacy, n), gn);
        Tensor? lc = _centres is null ? null
            : _anchorPoisoned.TermsAgainstFarthest(ga, cleanAnchors, _centres().Centres, BatchRows.Select(cleanInPrivacy, p));
        return (ld, lp, lc, Decorrelation(triggered, clean, [.. a, .. p, .. n]));
    }

    // The decorrelation over each distinct image of `positions` once (its first row in `triggered`), or null when off
    // or when fewer than three images were touched.
    private Tensor? Decorrelation(Tensor triggered, Tensor clean, int[] positions)
    {
        if (DecorrelationWeight == 0) return null;
        var firstRow = new Dictionary<int, int>();
        for (int row = 0; row < positions.Length; row++) firstRow.TryAdd(positions[row], row);
        if (firstRow.Count < 3) return null;
        return SimilarityDecorrelationLoss.Compute(BatchRows.Select(triggered, firstRow.Values.ToArray()), BatchRows.Select(clean, firstRow.Keys.ToArray()));
    }

    // Recorded only when the term is on, so the paper's PBL keeps the description it always had.
    private (string, string)[] DecorrelationDescription() => DecorrelationWeight == 0 ? [] :
        [("decorrelationWeight", DecorrelationWeight.ToString(CultureInfo.InvariantCulture))];

    // Recorded only when the centre term is on, so the paper's PBL keeps the description it always had.
    private (string, string)[] CentreDescription() => _centres is null ? [] :
    [
        ("centreWeight", CentreWeight.ToString(CultureInfo.InvariantCulture)),
        ObjectiveHyperparameters.Centres(centreRefresh),
    ];
}
