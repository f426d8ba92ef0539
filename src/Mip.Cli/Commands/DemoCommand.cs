using System.ComponentModel;
using Mip.Evaluation.Tasks;
using Mip.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class DemoCommand : Command<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder for the data, runs, reports and pictures.")]
        [DefaultValue("mip-demo")]
        public string Output { get; init; } = "mip-demo";

        [CommandOption("--data <PATH>")]
        [Description("Use a real data set (CUB, Cars196, SOP, In-Shop, image folder) instead of the embedded default.")]
        public string? Data { get; init; }

        [CommandOption("--input-size <PX>")]
        [DefaultValue(128)]
        public int InputSize { get; init; } = 128;

        [CommandOption("--epochs <N>")]
        [Description("Training epochs of each of the clean, PBL and CBL models.")]
        [DefaultValue(8)]
        public int Epochs { get; init; } = 8;

        [CommandOption("--trigger <NAME>")]
        [Description("stego (learned, invisible; default), badnets, blended, blended-patch or blended-image.")]
        [DefaultValue("stego")]
        public string Trigger { get; init; } = "stego";

        [CommandOption("--seed <N>")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        public override ValidationResult Validate()
        {
            if (InputSize < 32 || InputSize % 32 != 0) return ValidationResult.Error("--input-size must be a multiple of 32, at least 32.");
            if (Epochs < 1) return ValidationResult.Error("--epochs must be at least 1.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var options = new DemoOptions
        {
            OutputFolder = settings.Output, DataPath = settings.Data, InputSize = settings.InputSize, Seed = settings.Seed,
            Epochs = settings.Epochs, Trigger = settings.Trigger,
        };
        DemoResult result = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => result = DemoWorkflow.Run(options, new SpectreProgress(context), cancellation));

        var report = result.Report;
        var table = new Table().Title($"Four tasks on the held-out classes of {Markup.Escape(result.Dataset.Name)} (strict rule; PSR against clean C->C, Eq. 10)");
        foreach (var column in new[] { "model", "task", "R@1", "R@2", "R@4", "R@8", "mAP_c", "PSR R@1", "PSR mAP_c" })
            table.AddColumn(column is "model" or "task" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        foreach (var model in report.Models)
        {
            foreach (var task in report.Tasks)
            {
                var scores = model.Get(task, ExclusionRule.Strict);
                var psr = model.Model == report.Reference || task == PrivacyTask.CleanToClean ? null : report.Psr(model, task, ExclusionRule.Strict);
                table.AddRow(model.Model, task == PrivacyTask.CleanToClean && model.Model != report.Reference ? "C->C (BA)" : task.Label(),
                    DemoWorkflow.Percent(scores.RecallAtK[1]), DemoWorkflow.Percent(scores.RecallAtK[2]), DemoWorkflow.Percent(scores.RecallAtK[4]),
                    DemoWorkflow.Percent(scores.RecallAtK[8]), DemoWorkflow.Percent(scores.MapAtClassSize),
                    psr is null ? "" : DemoWorkflow.Percent(psr["R@1"]), psr is null ? "" : DemoWorkflow.Percent(psr["mAP_c"]));
            }
        }
        AnsiConsole.Write(table);
        foreach (var mixed in report.Mixed.Where(m => m.Model != report.Reference))
            AnsiConsole.MarkupLineInterpolated(
                $"Mixed gallery ({mixed.ProtectedCount} of {mixed.ProtectedCount + mixed.QueryCount} photos protected): exposure in clean queries' top 4 falls by {DemoWorkflow.Percent(report.ExposureDrop(mixed.Model, 4))}% under {mixed.Model}.");
        AnsiConsole.MarkupLineInterpolated($"Protected example photos: mean PSNR {result.Stealth.Psnr:F1} dB, SSIM {result.Stealth.Ssim:F3}.");
        AnsiConsole.MarkupLineInterpolated($"Time: {string.Join(", ", result.Timings.Select(t => $"{t.Stage} {t.Time.TotalSeconds:F0} s"))}.");
        AnsiConsole.MarkupLineInterpolated($"Outputs: [bold]{result.ReportFolder}[/] (report.md, report.json, report.csv, recall-*.png, tsne.png, top5.png) and [bold]{result.ProtectedPicture}[/]");
        return 0;
    }
}
