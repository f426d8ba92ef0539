using System.Globalization;
using Mip.Checkpoints;
using Mip.IO;
using Mip.Retrieval;
using Mip.Retrieval.Protection;
using Mip.Triggers;

namespace Mip.Cli.Commands;

/// <summary>
/// Turns --shift-model, --min-shift and --stronger (eval, protect) into an <see cref="AdaptiveStrengthTrigger"/>
/// around the chosen stego trigger, or leaves the trigger as it is when none of them is given.
/// </summary>
internal static class AdaptiveStrengthOptions
{
    /// <summary>The stronger stego strengths (dB) tried when none are given.</summary>
    public const string DefaultStronger = "29,27";

    /// <summary>
    /// <paramref name="faintest"/>, or an adaptive protection that starts from it and falls back on the same trigger at
    /// the strengths in <paramref name="stronger"/> (made by <paramref name="atStrength"/>), checked with the model in
    /// <paramref name="shiftModel"/>, or with <paramref name="loaded"/> when the caller already holds that checkpoint's
    /// model (the service, which serves it).
    /// </summary>
    /// <exception cref="MipInputException">An option without the others, a trigger without a strength, a strength not
    /// stronger than the one before, or a model that is not a checkpoint file.</exception>
    public static ITrigger Wrap(ITrigger faintest, Func<double, ITrigger> atStrength, string? shiftModel, double? minShift, string? stronger,
        ImageVectorizer? loaded = null)
    {
        if (shiftModel is null && minShift is null && stronger is null) return faintest;
        if (shiftModel is null || minShift is null)
            throw new MipInputException("--shift-model and --min-shift go together (--stronger is optional): the model measures how far it moves each protected copy.");
        if (faintest is not IStrengthTrigger stego)
            throw new MipInputException($"--min-shift strengthens the stego trigger's mark; the '{faintest.Id.Split(':')[0]}' trigger has no strength to raise.");
        if (!(minShift > 0 && minShift <= 4))
            throw new MipInputException($"--min-shift must be in (0, 4] (squared distance of unit embeddings), not {minShift}.");
        if (!File.Exists(shiftModel)) throw new MipInputException($"--shift-model: no checkpoint file '{shiftModel}'.");
        var strengths = ParseStrengths(stronger ?? DefaultStronger, stego.Psnr);
        var vectorizer = loaded ?? new ImageVectorizer(ModelArgument.Load(shiftModel, TorchSharp.torch.CPU));
        var shift = new EmbeddingShift(vectorizer, CheckpointFile.Digest(shiftModel));
        return new AdaptiveStrengthTrigger([faintest, .. strengths.Select(atStrength)], shift, minShift.Value);
    }

    /// <summary>One line on how many photos each strength marked, or null when none was marked here (all from a cache).</summary>
    public static string? Summary(ITrigger trigger)
    {
        if (trigger is not AdaptiveStrengthTrigger adaptive || adaptive.RungCounts.Sum() == 0) return null;
        var parts = adaptive.Ladder.Select((t, i) => string.Create(CultureInfo.InvariantCulture,
            $"{adaptive.RungCounts[i]} at {((IStrengthTrigger)t).Psnr:0.##} dB"));
        return $"adaptive strength (minimum shift {adaptive.MinShift.ToString(CultureInfo.InvariantCulture)}): {string.Join(", ", parts)}";
    }

    private static double[] ParseStrengths(string text, double faintest)
    {
        var strengths = new List<double>();
        double previous = faintest;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double db) || !double.IsFinite(db))
                throw new MipInputException($"--stronger: '{part}' is not a strength in dB.");
            if (db >= previous)
                throw new MipInputException($"--stronger: {part} dB is not stronger (lower) than {previous.ToString(CultureInfo.InvariantCulture)} dB before it.");
            strengths.Add(db);
            previous = db;
        }
        if (strengths.Count == 0) throw new MipInputException("--stronger names no strength.");
        return [.. strengths];
    }
}
