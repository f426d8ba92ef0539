using System.ComponentModel;
using Mip.Triggers;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary>
/// The adaptive-strength options of the commands that make protected photos from a stego trigger of their own (protect,
/// report stealth); eval declares the same options beside its trigger choice.
/// </summary>
public class AdaptiveStrengthSettings : CommandSettings
{
    [CommandOption("--shift-model <CKPT>")]
    [Description("Adaptive strength (not in the paper): the tuned model that measures how far it moves each protected copy; with --min-shift.")]
    public string? ShiftModel { get; init; }

    [CommandOption("--min-shift <D>")]
    [Description("Adaptive strength: a copy the --shift-model moves less than D (squared distance of unit embeddings) is remade at the next --stronger strength. Choose D on validation classes (mip eval --split validation: shift, 10th percentile).")]
    public double? MinShift { get; init; }

    [CommandOption("--stronger <DB,...>")]
    [Description("Adaptive strength: stego strengths tried in turn after the first, strongest last (default 29,27).")]
    public string? Stronger { get; init; }

    /// <summary>True when any adaptive-strength option is given.</summary>
    public bool AdaptiveRequested => ShiftModel is not null || MinShift is not null || Stronger is not null;

    /// <summary><paramref name="faintest"/>, or the adaptive protection these options ask for around it (see <see cref="AdaptiveStrengthOptions.Wrap"/>).</summary>
    public ITrigger WrapAdaptive(ITrigger faintest, Func<double, ITrigger> atStrength) =>
        AdaptiveStrengthOptions.Wrap(faintest, atStrength, ShiftModel, MinShift, Stronger);
}
