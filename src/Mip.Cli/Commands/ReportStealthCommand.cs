using System.ComponentModel;
using System.Globalization;
using Mip.Evaluation.Stealth;
using Mip.IO;
using Mip.Triggers;
using Mip.Triggers.Stego;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class ReportStealthCommand : Command<ReportStealthCommand.Settings>
{
    public sealed class Settings : AdaptiveStrengthSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Data set whose images are protected (at their native size).")]
        public string Data { get; init; } = "";

        [CommandOption("--split <NAME>")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("--sample <N>")]
        [Description("Images, evenly spaced through the split.")]
        [DefaultValue(300)]
        public int Sample { get; init; } = 300;

        [CommandOption("--secret <TEXT>")]
        [DefaultValue(StegoTrigger.DefaultSecret)]
        public string Secret { get; init; } = StegoTrigger.DefaultSecret;

        [CommandOption("--strength <DB>")]
        [DefaultValue(StegoModel.DefaultPsnr)]
        public double Strength { get; init; } = StegoModel.DefaultPsnr;

        [CommandOption("--weights <FILE>")]
        public string? Weights { get; init; }

        [CommandOption("--picture-rows <N>")]
        [DefaultValue(4)]
        public int PictureRows { get; init; } = 4;

        [CommandOption("-o|--output <DIR>")]
        [Description("Folder for stealth.md, stealth.json, stealth-per-image.csv and stealth.png.")]
        public string Output { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(settings.Data)) throw new MipInputException("Give the data set with --data PATH.");
        if (string.IsNullOrWhiteSpace(settings.Output)) throw new MipInputException("Give the report folder with -o DIR.");
        if (settings.Sample < 1 || settings.PictureRows < 1) throw new MipInputException("--sample and --picture-rows must be at least 1.");
        var common = new TriggerSettings { Secret = settings.Secret, Psnr = settings.Strength, StegoWeightsPath = settings.Weights };
        var stego = (StegoTrigger)TriggerCatalog.Create("stego", common);
        var triggers = new List<(string, ITrigger)>
        {
            ("BadNets", new BadNetsTrigger()),
            ("Blended (paper code: patch)", new BlendedPatchTrigger()),
            ("Blended (Chen et al.: whole image)", BlendedImageTrigger.WithDefaultPattern()),
            ("Learned stego (ours)", stego),
            // Same encoder and strength, a secret drawn from each photo: measured beside, since the residual differs.
            ("Learned stego, a secret per photo", new PerPhotoStegoTrigger(stego.Model, settings.Strength)),
        };
        // An adaptive protection starts from the stego trigger above and is measured as a row of its own.
        if (settings.AdaptiveRequested)
        {
            var adaptive = settings.WrapAdaptive(stego, psnr => TriggerCatalog.Create("stego", common with { Psnr = psnr }));
            triggers.Add(("Learned stego, adaptive strength", adaptive));
        }
        StealthSample sample = null!;
        StealthReport report = null!;
        StegoEvaluationResult recovery = null!;
        AnsiConsole.Progress().Start(ctx =>
        {
            var load = ctx.AddTask("decoding images", maxValue: settings.Sample);
            sample = StealthSample.Load(settings.Data, settings.Split, settings.Sample, new Progress<int>(n => load.Value = n), cancellation);
            load.Value = load.MaxValue;
            var measure = ctx.AddTask("measuring quality", maxValue: sample.Images.Count);
            report = StealthReport.Measure(sample.Images, triggers, sample.Description, new Progress<int>(n => measure.Value = n), cancellation);
            measure.Value = measure.MaxValue;
            var reveal = ctx.AddTask("checking recovery", maxValue: sample.Images.Count);
            recovery = StegoEvaluator.Evaluate(stego.Model.Network, sample.Images.Select(i => i.Image).ToList(), settings.Strength,
                progress: new Progress<int>(n => reveal.Value = n), cancellation: cancellation);
            reveal.Value = reveal.MaxValue;
        });
        report = report with { StegoRecovery = recovery };
        // Read before the picture below marks a few images again.
        string? adaptiveUsed = AdaptiveStrengthOptions.Summary(triggers[^1].Item2);
        var pictureImages = FixedSample.Evenly(sample.Images, settings.PictureRows).Select(i => i.Image).ToList();
        byte[] picture = StealthPicture.Render(pictureImages, triggers);
        report.Write(settings.Output, picture);

        Console.WriteLine(F($"{"trigger",-36} {"MSE",8} {"SSIM",7} {"PSNR",6}"));
        foreach (var t in report.Triggers)
            Console.WriteLine(F($"{t.Name,-36} {t.MeanMse,8:0.00} {t.MeanSsim,7:0.0000} {t.MeanPsnr,6:0.00}"));
        if (adaptiveUsed is not null) Console.WriteLine(adaptiveUsed);
        Console.WriteLine(F($"stego recovery: {recovery.RecoveredLossless:P1} lossless, {recovery.RecoveredJpeg:P1} after JPEG {recovery.JpegQuality}, found in clean {recovery.FalsePositivesClean:P1}"));
        Console.WriteLine($"wrote {settings.Output}/stealth.md, stealth.json, stealth-per-image.csv, stealth.png");
        return 0;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
