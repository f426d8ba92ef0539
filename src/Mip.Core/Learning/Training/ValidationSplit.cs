using System.Globalization;
using Mip.Checkpoints;
using Mip.Data;
using Mip.IO;

namespace Mip.Learning.Training;

/// <summary>
/// Holds out whole training classes for choosing the best epoch, the way metric-learning test splits hold out classes;
/// the test split is never touched.
/// </summary>
public static class ValidationSplit
{
    /// <summary>
    /// Splits <paramref name="train"/> by class: round(fraction x classes) classes, chosen by a seeded shuffle, go to
    /// validation (at least one when the fraction is positive, and always leaving two classes to train on: with two
    /// classes or fewer nothing is held out).
    /// </summary>
    public static (IReadOnlyList<ImageRecord> Train, IReadOnlyList<ImageRecord> Validation) Carve(IReadOnlyList<ImageRecord> train, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        var classes = train.Select(r => r.Label).Distinct().Order().ToList();
        int most = classes.Count - 2;
        int held = fraction <= 0 || most < 1 ? 0 : Math.Clamp((int)Math.Round(fraction * classes.Count), 1, most);
        if (held == 0) return (train, []);
        new SeededRandom(seed ^ 0x5A11D).Shuffle(classes);
        var validation = classes.Take(held).ToHashSet();
        return (train.Where(r => !validation.Contains(r.Label)).ToArray(), train.Where(r => validation.Contains(r.Label)).ToArray());
    }

    /// <summary>
    /// The validation images of <paramref name="dataset"/>'s training split for (<paramref name="fraction"/>,
    /// <paramref name="seed"/>), once <see cref="RequireHeldOut"/> has passed for every checkpoint in
    /// <paramref name="checkpointPaths"/> (read before anything is computed, so a model that trained on these classes
    /// fails the command at once).
    /// </summary>
    /// <exception cref="MipInputException">A checkpoint's training did not hold out these classes.</exception>
    /// <exception cref="CheckpointException">A checkpoint is missing or corrupt.</exception>
    public static IReadOnlyList<ImageRecord> HeldOutFor(Dataset dataset, double fraction, int seed, IEnumerable<string> checkpointPaths)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(checkpointPaths);
        var train = dataset.Train.Images;
        foreach (string path in checkpointPaths.Distinct())
            RequireHeldOut(train, dataset.Name, fraction, seed, CheckpointFile.ReadMetadata(path), path);
        return Carve(train, fraction, seed).Validation;
    }

    /// <summary>
    /// Refuses to score the model at <paramref name="modelPath"/> on the validation classes (<paramref name="fraction"/>,
    /// <paramref name="seed"/>) of <paramref name="train"/> unless its own training held every one of them out: a score on
    /// classes it trained on would make any setting look good. Models that record no validation split (the pretrained
    /// network, imported weights) or were trained on another data set than <paramref name="datasetName"/> pass.
    /// </summary>
    /// <exception cref="MipInputException">The model trained on some of these classes.</exception>
    public static void RequireHeldOut(IReadOnlyList<ImageRecord> train, string datasetName, double fraction, int seed,
        CheckpointMetadata model, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Dataset != datasetName || !model.Hyperparameters.TryGetValue("valFraction", out var trainedFraction)) return;
        var invariant = CultureInfo.InvariantCulture;
        if (!double.TryParse(trainedFraction, NumberStyles.Float, invariant, out double heldFraction)
            || !model.Hyperparameters.TryGetValue("seed", out var trainedSeed)
            || !int.TryParse(trainedSeed, NumberStyles.Integer, invariant, out int heldSeed))
            throw new MipInputException($"The model '{modelPath}' records a validation split that cannot be read (valFraction '{trainedFraction}').");
        var heldOut = Carve(train, heldFraction, heldSeed).Validation.Select(r => r.Label).ToHashSet();
        int seen = Carve(train, fraction, seed).Validation.Select(r => r.Label).Distinct().Count(label => !heldOut.Contains(label));
        if (seen > 0)
            throw new MipInputException(
                $"The model '{modelPath}' was trained with --val-fraction {trainedFraction} --seed {trainedSeed}, so it trained on " +
                $"{seen} of the validation classes of --val-fraction {fraction.ToString("R", invariant)} --seed {seed.ToString(invariant)}; " +
                "give the --val-fraction and --seed it was trained with.");
    }
}
