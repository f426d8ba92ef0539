using System.ComponentModel;
using Mip.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class DemoCommand : Command<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder for the data, reports and plots.")]
        [DefaultValue("mip-demo")]
        public string Output { get; init; } = "mip-demo";

        [CommandOption("--data <PATH>")]
        [Description("Use a real data set (CUB, Cars196, SOP, In-Shop, image folder) instead of the embedded default.")]
        public string? Data { get; init; }

        [CommandOption("--input-size <PX>")]
        [DefaultValue(128)]
        public int InputSize { get; init; } = 128;

        [CommandOption("--seed <N>")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        public override ValidationResult Validate() =>
            InputSize < 32 ? ValidationResult.Error("--input-size must be at least 32.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var options = new DemoOptions { OutputFolder = settings.Output, DataPath = settings.Data, InputSize = settings.InputSize, Seed = settings.Seed };
        DemoResult result = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => result = DemoWorkflow.Run(options, new SpectreProgress(context)));

        var scores = result.TestScores;
        var table = new Table().Title($"Retrieval on the held-out classes of {Markup.Escape(result.Dataset.Name)}");
        foreach (var k in scores.RecallAtK.Keys) table.AddColumn(new TableColumn($"R@{k}").RightAligned());
        foreach (var name in new[] { "NMI", "F1", "mAP_c", "MAP@R" }) table.AddColumn(new TableColumn(name).RightAligned());
        table.AddRow([.. scores.RecallAtK.Values.Select(DemoWorkflow.Percent),
            DemoWorkflow.Percent(scores.Nmi ?? double.NaN), DemoWorkflow.Percent(scores.PairwiseF1 ?? double.NaN),
            DemoWorkflow.Percent(scores.MapAtClassSize), DemoWorkflow.Percent(scores.MapAtR)]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Reports: [bold]{result.ReportMarkdown}[/] and [bold]{result.ReportJson}[/]");
        return 0;
    }
}
