using Mip.Data;
using Mip.IO;
using Mip.Learning.Distances;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Triggers;

namespace Mip.Learning.Objectives;

/// <summary>
/// Builds the training objective of a <see cref="TrainingMethod"/> from the trainer's options and the backdoor
/// settings, the way <see cref="Trainer"/> will see the data: the CBL centres and the baseline's poisoned images are
/// taken over the training classes left after the validation classes are carved out.
/// </summary>
public static class ObjectiveFactory
{
    /// <summary>The objective of <paramref name="method"/>; <paramref name="trigger"/> is required for every method but clean.</summary>
    /// <exception cref="MipInputException">A backdoor method without a trigger, a poisoning ratio outside (0, 1], a negative or non-finite privacy margin or centre weight, or a setting the method has no use for.</exception>
    public static ITrainingObjective Create(TrainingMethod method, EmbeddingModel model, IReadOnlyList<ImageRecord> trainImages,
        TrainerOptions options, BackdoorSettings? backdoor = null, ITrigger? trigger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(options);
        backdoor ??= new BackdoorSettings();
        if (method != TrainingMethod.Clean)
        {
            if (trigger is null) throw new MipInputException($"The {method.Name()} method needs a trigger.");
            if (!(backdoor.PoisonRatio > 0 && backdoor.PoisonRatio <= 1))
                throw new MipInputException($"The poisoning ratio must be in (0, 1], not {backdoor.PoisonRatio}.");
            if (method == TrainingMethod.Baseline && backdoor.PoisonChoice != PoisonChoice.Random)
                throw new MipInputException("The baseline poisons a fixed set of training images, not triplets: the hardest-triplet choice applies to pbl and cbl only.");
            if (method == TrainingMethod.Baseline && backdoor.PrivacyMargin is not null)
                throw new MipInputException("The baseline has no privacy terms: a privacy margin applies to pbl and cbl only.");
            if (backdoor.PrivacyMargin is { } privacyMargin && !(privacyMargin >= 0 && double.IsFinite(privacyMargin)))
                throw new MipInputException($"The privacy margin must be zero or more, not {privacyMargin}.");
        }
        if (backdoor.CentreWeight != 0 && method != TrainingMethod.Pbl)
            throw new MipInputException($"A centre weight adds CBL's L'_d to PBL: it applies to pbl only, not {method.Name()} (CBL's own weight is lambda).");
        if (!(backdoor.CentreWeight >= 0 && double.IsFinite(backdoor.CentreWeight)))
            throw new MipInputException($"The centre weight must be zero or more, not {backdoor.CentreWeight}.");
        if (backdoor.DecorrelationWeight != 0 && method != TrainingMethod.Pbl)
            throw new MipInputException($"A decorrelation weight adds a term to PBL's poisoned triplets: it applies to pbl only, not {method.Name()}.");
        if (!(backdoor.DecorrelationWeight >= 0 && double.IsFinite(backdoor.DecorrelationWeight)))
            throw new MipInputException($"The decorrelation weight must be zero or more, not {backdoor.DecorrelationWeight}.");
        var distance = DistanceFactory.Create(options.Distance);
        ITripletMiner miner = options.Miner switch
        {
            MinerKind.Semihard => new SemihardTripletMiner(distance, options.Margin),
            MinerKind.DistanceWeighted => new DistanceWeightedMiner(),
            _ => new RandomTripletMiner(options.BatchSize),
        };
        var triplet = new TripletMarginLoss(distance, options.Margin);
        var privacyTriplet = backdoor.PrivacyMargin is { } margin ? new TripletMarginLoss(distance, margin) : null;
        var variant = trigger is null ? null : new TriggerImageVariant(trigger);
        var (records, _) = ValidationSplit.Carve(trainImages, options.ValidationFraction, options.Seed);
        return method switch
        {
            TrainingMethod.Pbl => Point(miner, triplet, privacyTriplet, variant!, backdoor,
                backdoor.CentreWeight == 0 ? null : new CentreSource(model, records, backdoor.RecomputeCentresEachEpoch, options.InferenceBatchSize)),
            TrainingMethod.Cbl => Centre(miner, triplet, privacyTriplet, variant!, backdoor,
                new CentreSource(model, records, backdoor.RecomputeCentresEachEpoch, options.InferenceBatchSize)),
            TrainingMethod.Baseline => new LabelFlipBaselineObjective(miner, triplet, variant!, backdoor.PoisonRatio, records.Count,
                records.Select(r => r.Label).ToArray(), options.Seed),
            _ => new CleanTripletObjective(miner, triplet),
        };
    }

    /// <summary>
    /// Not in the paper: <paramref name="objective"/> plus <paramref name="weight"/> x the embedding-anchor loss towards
    /// <paramref name="reference"/>'s clean embeddings of the training images (those left after the validation classes
    /// are carved out, in the trainer's order). With a feature cache in <see cref="TrainerOptions.CacheFolder"/> the
    /// reference embeds from it (and fills it for the run) when its frozen stages equal the trained model's.
    /// </summary>
    /// <exception cref="MipInputException">Augmentation on (the targets are those of the unaugmented images), a weight that is not positive, or a reference of another input or embedding size than <paramref name="model"/>.</exception>
    public static AnchoredObjective Anchored(ITrainingObjective objective, EmbeddingModel model, EmbeddingModel reference, string referenceName,
        IReadOnlyList<ImageRecord> trainImages, TrainerOptions options, double weight)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(options);
        if (!(weight > 0) || double.IsInfinity(weight)) throw new MipInputException($"The anchor weight must be positive, not {weight}.");
        if (options.Augment) throw new MipInputException("The embedding anchor needs unaugmented training images (its targets are computed once): drop --augment.");
        if (reference.InputSize != model.InputSize || reference.EmbeddingSize != model.EmbeddingSize)
            throw new MipInputException($"The anchor model {referenceName} embeds {reference.EmbeddingSize}-d at {reference.InputSize} px; this run trains {model.EmbeddingSize}-d at {model.InputSize} px.");
        var (records, _) = ValidationSplit.Carve(trainImages, options.ValidationFraction, options.Seed);
        var images = new TrainingImages(records, reference.InputSize);
        FeatureCache? cache = null;
        try
        {
            if (options.UsesCache && options.CacheFolder is { } folder && options.FrozenStages <= reference.Backbone.StageCount)
            {
                reference.FreezeStages(options.FrozenStages);
                cache = new FeatureCache(reference, options.CacheStorage);
                cache.AddPersisted(images, CleanImageVariant.Instance, folder, options.InferenceBatchSize);
            }
            var targets = AnchorEmbeddings.Compute(reference, images, referenceName, cache, options.InferenceBatchSize);
            return new AnchoredObjective(objective, targets, weight);
        }
        finally
        {
            cache?.Dispose();
        }
    }

    // PBL, with CBL's centre term when a centre weight is given (its centres as CBL's).
    private static PointBackdoorObjective Point(ITripletMiner miner, TripletMarginLoss triplet, TripletMarginLoss? privacyTriplet, IImageVariant trigger,
        BackdoorSettings backdoor, CentreSource? centres) =>
        new(miner, triplet, trigger, new PoisonSelection(backdoor.PoisonRatio, backdoor.PoisonChoice), backdoor.Beta, backdoor.Gamma,
            backdoor.PoisonAugmentation, backdoor.DetachCleanInPrivacyTerms, privacyTriplet,
            centres is null ? null : () => centres.Current, backdoor.CentreWeight, centres, backdoor.DecorrelationWeight);

    // CBL's centres: the mean embedding of each training class under the initial model (as the paper's code), or
    // recomputed every epoch when asked.
    private static CentreBackdoorObjective Centre(ITripletMiner miner, TripletMarginLoss triplet, TripletMarginLoss? privacyTriplet, IImageVariant trigger,
        BackdoorSettings backdoor, CentreSource centres) =>
        new(miner, triplet, trigger, new PoisonSelection(backdoor.PoisonRatio, backdoor.PoisonChoice), () => centres.Current, backdoor.Lambda, centres,
            backdoor.DetachCleanInPrivacyTerms, privacyTriplet);
}
