using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Mip.Evaluation.Stealth;
using Mip.IO;
using Mip.Triggers.Stego;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class TriggerEvaluateCommand : Command<TriggerEvaluateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Data set to evaluate on.")]
        public string Data { get; init; } = "";

        [CommandOption("--split <NAME>")]
        [Description("Split to sample (test = held-out classes).")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("--sample <N>")]
        [Description("Images, evenly spaced through the split.")]
        [DefaultValue(300)]
        public int Sample { get; init; } = 300;

        [CommandOption("--strength <DB,...>")]
        [Description("One or more strengths (target PSNR, dB), comma-separated.")]
        [DefaultValue("36")]
        public string Strengths { get; init; } = "36";

        [CommandOption("--weights <FILE>")]
        public string? Weights { get; init; }

        [CommandOption("--jpeg-quality <Q>")]
        [DefaultValue(75)]
        public int JpegQuality { get; init; } = 75;

        [CommandOption("--chase <N>")]
        [DefaultValue(0)]
        public int Chase { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description("Also write the results as JSON.")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(settings.Data)) throw new MipInputException("Give the data set with --data PATH.");
        if (settings.Sample < 1) throw new MipInputException("--sample must be at least 1.");
        double[] strengths = settings.Strengths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 20 and <= 60
                ? v : throw new MipInputException($"--strength '{s}' is not a PSNR between 20 and 60 dB."))
            .ToArray();
        if (settings.Output is not null) AtomicFile.RequireFolder(settings.Output);
        using StegoModel model = settings.Weights is null ? StegoModel.LoadDefault() : StegoModel.Load(settings.Weights);
        StealthSample sample = StealthSample.Load(settings.Data, settings.Split, settings.Sample, cancellation: cancellation);
        var images = sample.Images.Select(i => i.Image).ToList();
        Console.WriteLine($"{model}; {sample.Description}");

        var results = new List<StegoEvaluationResult>();
        var lines = new List<string> { F($"{"dB",6} {"PSNR",7} {"SSIM",7} {"MSE",7} {"bits png",9} {"found png",9} {"bits jpg" + settings.JpegQuality,10} {"found jpg" + settings.JpegQuality,11} {"false pos",9}") };
        foreach (double psnr in strengths)
        {
            StegoEvaluationResult r = null!;
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"{psnr:0.##} dB", maxValue: images.Count);
                r = StegoEvaluator.Evaluate(model.Network, images, psnr, settings.JpegQuality, settings.Chase,
                    new Progress<int>(n => task.Value = n), cancellation);
                task.Value = images.Count;
            });
            results.Add(r);
            lines.Add(F($"{psnr,6:0.##} {r.MeanPsnr,7:0.00} {r.MeanSsim,7:0.0000} {r.MeanMse,7:0.00} {r.BitAccuracyLossless,9:0.0000} {r.RecoveredLossless,9:P1} {r.BitAccuracyJpeg,10:0.0000} {r.RecoveredJpeg,11:P1} {r.FalsePositivesClean,9:P1}"));
        }
        // Plain aligned text rather than a table: the results are read from logs and pasted into benchmark notes.
        foreach (string line in lines) Console.WriteLine(line);
        if (settings.Output is not null)
        {
            var document = new { weights = model.Source, digest = model.Digest, sample = sample.Description, chase = settings.Chase, results };
            AtomicFile.WriteAllText(settings.Output, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"wrote {settings.Output}");
        }
        return 0;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
