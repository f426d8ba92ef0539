using System.ComponentModel;
using Mip.IO;
using Mip.Triggers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class ProtectCommand : Command<ProtectCommand.Settings>
{
    public sealed class Settings : AdaptiveStrengthSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("An image file, or a folder whose images (recursively) are all protected.")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <PATH>")]
        [Description("Output file (.png, .jpg) for one image, or output folder for a folder.")]
        public string Output { get; init; } = "";

        [CommandOption("--trigger <NAME>")]
        [Description("stego (learned, invisible; default), stego-per-photo (the same, each photo hiding a secret drawn from its own pixels), badnets, blended (the paper's patch), blended-image (Chen et al.).")]
        [DefaultValue("stego")]
        public string Trigger { get; init; } = "stego";

        [CommandOption("--secret <TEXT>")]
        [Description("Text hidden by the stego trigger: 1 to 7 bytes of UTF-8 (stego-per-photo draws each photo's own).")]
        [DefaultValue(StegoTrigger.DefaultSecret)]
        public string Secret { get; init; } = StegoTrigger.DefaultSecret;

        [CommandOption("--strength <DB>")]
        [Description("Stego strength as the target PSNR in dB (higher = fainter).")]
        [DefaultValue(Mip.Triggers.Stego.StegoModel.DefaultPsnr)]
        public double Strength { get; init; } = Mip.Triggers.Stego.StegoModel.DefaultPsnr;

        [CommandOption("--weights <FILE>")]
        [Description("Stego weights (default: the shipped ones).")]
        public string? Weights { get; init; }

        [CommandOption("--pattern <FILE>")]
        [Description("Pattern image for blended-image (default: a fixed noise key).")]
        public string? Pattern { get; init; }

        [CommandOption("--alpha <A>")]
        [Description("Blend weight for blended-image.")]
        [DefaultValue(BlendedImageTrigger.DefaultAlpha)]
        public double Alpha { get; init; } = BlendedImageTrigger.DefaultAlpha;

        [CommandOption("--format <FORMAT>")]
        [Description("auto (by extension; PNG for folders), png or jpeg.")]
        [DefaultValue(ProtectedFormat.Auto)]
        public ProtectedFormat Format { get; init; } = ProtectedFormat.Auto;

        [CommandOption("--jpeg-quality <Q>")]
        [DefaultValue(95)]
        public int JpegQuality { get; init; } = 95;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(settings.Output)) throw new MipInputException("Give the output file or folder with -o PATH.");
        // Check paths and inputs before loading any weights, so bad input fails fast and clearly.
        var plan = ImageProtector.Plan(settings.Input, settings.Output, settings.Format);
        if (settings.Secret != StegoTrigger.DefaultSecret && string.Equals(settings.Trigger.Trim(), PerPhotoStegoTrigger.IdPrefix, StringComparison.OrdinalIgnoreCase))
            throw new MipInputException($"--secret '{settings.Secret}' cannot be used with --trigger {PerPhotoStegoTrigger.IdPrefix}, which hides a secret drawn from each photo's pixels; use --trigger stego to hide one text in every photo.");
        var triggerSettings = new TriggerSettings
        {
            Secret = settings.Secret,
            Psnr = settings.Strength,
            StegoWeightsPath = settings.Weights,
            BlendPatternPath = settings.Pattern,
            BlendAlpha = settings.Alpha,
        };
        ITrigger trigger = settings.WrapAdaptive(TriggerCatalog.Create(settings.Trigger, triggerSettings),
            psnr => TriggerCatalog.Create(settings.Trigger, triggerSettings with { Psnr = psnr }));
        ProtectionSummary summary = null!;
        if (plan.Count == 1)
        {
            summary = ImageProtector.Protect(trigger, settings.Input, settings.Output, settings.Format, settings.JpegQuality, cancellation: cancellation);
        }
        else
        {
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("protecting", maxValue: plan.Count);
                    summary = ImageProtector.Protect(trigger, settings.Input, settings.Output, settings.Format, settings.JpegQuality,
                        new InlineProgress<int>(n => task.Value = n), cancellation);
                });
        }
        Console.WriteLine(summary.Outputs.Count == 1
            ? $"protected {settings.Input} -> {summary.Outputs[0]} ({summary.TriggerId})"
            : $"protected {summary.Outputs.Count} images into {settings.Output} in {summary.Elapsed.TotalSeconds:0.0} s ({summary.TriggerId})");
        if (AdaptiveStrengthOptions.Summary(trigger) is { } adaptive) Console.WriteLine(adaptive);
        return 0;
    }

}
