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
    /// <exception cref="MipInputException">A backdoor method without a trigger, or a poisoning ratio outside (0, 1].</exception>
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
        }
        var distance = DistanceFactory.Create(options.Distance);
        ITripletMiner miner = options.Miner switch
        {
            MinerKind.Semihard => new SemihardTripletMiner(distance, options.Margin),
            MinerKind.DistanceWeighted => new DistanceWeightedMiner(),
            _ => new RandomTripletMiner(options.BatchSize),
        };
        var triplet = new TripletMarginLoss(distance, options.Margin);
        var variant = trigger is null ? null : new TriggerImageVariant(trigger);
        var (records, _) = ValidationSplit.Carve(trainImages, options.ValidationFraction, options.Seed);
        return method switch
        {
            TrainingMethod.Pbl => new PointBackdoorObjective(miner, triplet, variant!, new PoisonSelection(backdoor.PoisonRatio, backdoor.PoisonChoice),
                backdoor.Beta, backdoor.Gamma, backdoor.PoisonAugmentation, backdoor.DetachCleanInPrivacyTerms),
            TrainingMethod.Cbl => Centre(miner, triplet, variant!, backdoor, new CentreSource(model, records, backdoor.RecomputeCentresEachEpoch, options.InferenceBatchSize)),
            TrainingMethod.Baseline => new LabelFlipBaselineObjective(miner, triplet, variant!, backdoor.PoisonRatio, records.Count,
                records.Select(r => r.Label).ToArray(), options.Seed),
            _ => new CleanTripletObjective(miner, triplet),
        };
    }

    // CBL's centres: the mean embedding of each training class under the initial model (as the paper's code), or
    // recomputed every epoch when asked.
    private static CentreBackdoorObjective Centre(ITripletMiner miner, TripletMarginLoss triplet, IImageVariant trigger, BackdoorSettings backdoor,
        CentreSource centres) =>
        new(miner, triplet, trigger, new PoisonSelection(backdoor.PoisonRatio, backdoor.PoisonChoice), () => centres.Current, backdoor.Lambda, centres,
            backdoor.DetachCleanInPrivacyTerms);
}
