using System.ComponentModel;
using Mip.Triggers;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary>The --trigger and --trigger-strength options shared by every command that makes protected copies.</summary>
public class TriggerChoiceSettings : CommandSettings
{
    [CommandOption("--trigger <NAME>")]
    [Description("Trigger that makes protected copies: stego (learned, default), stego-per-photo (the same, each photo hiding a secret of its own), badnets, blended, blended-patch or blended-image.")]
    [DefaultValue("stego")]
    public string Trigger { get; init; } = "stego";

    [CommandOption("--trigger-strength <DB>")]
    [Description("Strength of the stego trigger as the target PSNR in dB (default 36; the paper's StegaStamp images average 30.9).")]
    [DefaultValue(Mip.Triggers.Stego.StegoModel.DefaultPsnr)]
    public double TriggerStrength { get; init; } = Mip.Triggers.Stego.StegoModel.DefaultPsnr;

    /// <summary>The chosen trigger.</summary>
    public ITrigger BuildTrigger() => BuildTrigger(TriggerStrength);

    /// <summary>The chosen trigger at stego strength <paramref name="psnr"/> dB instead of --trigger-strength.</summary>
    public ITrigger BuildTrigger(double psnr) => TriggerCatalog.Create(Trigger, new TriggerSettings { Psnr = psnr });
}
