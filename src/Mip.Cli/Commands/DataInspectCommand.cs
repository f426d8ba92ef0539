using System.ComponentModel;
using Mip.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class DataInspectCommand : Command<DataInspectCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("Data set root (CUB-200-2011, Cars196, SOP, In-Shop or a folder per class).")]
        public string Path { get; init; } = "";

        [CommandOption("--kind <KIND>")]
        [Description("Cub200, Cars196, StanfordOnlineProducts, InShop or ImageFolder (default: detect).")]
        public DatasetKind? Kind { get; init; }

        [CommandOption("--train-fraction <F>")]
        [Description("For image folders: fraction of classes (by sorted name) used for training.")]
        [DefaultValue(0.5)]
        public double TrainFraction { get; init; } = 0.5;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var dataset = DatasetReaders.Open(settings.Path, settings.Kind, new DatasetReadOptions { TrainFraction = settings.TrainFraction });
        var summary = DatasetSummary.Of(dataset);
        AnsiConsole.MarkupLineInterpolated($"[bold]{summary.Name}[/] ({summary.Kind}) at {summary.Root}");
        var table = new Table().AddColumn("split").AddColumn(new TableColumn("classes").RightAligned()).AddColumn(new TableColumn("images").RightAligned());
        foreach (var split in summary.Splits)
            table.AddRow(split.Name, split.ClassCount.ToString("N0"), split.ImageCount.ToString("N0"));
        table.AddRow("[bold]all[/]", summary.ClassCount.ToString("N0"), summary.ImageCount.ToString("N0"));
        AnsiConsole.Write(table);
        return 0;
    }
}
