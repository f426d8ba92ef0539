using System.ComponentModel;
using Mip.Data.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class DataDrawCommand : Command<DataDrawCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Folder to draw the data set into (one folder per class).")]
        public string Output { get; init; } = "";

        [CommandOption("--classes <N>")]
        [DefaultValue(40)]
        public int Classes { get; init; } = 40;

        [CommandOption("--images-per-class <N>")]
        [DefaultValue(12)]
        public int ImagesPerClass { get; init; } = 12;

        [CommandOption("--size <PX>")]
        [DefaultValue(128)]
        public int Size { get; init; } = 128;

        [CommandOption("--seed <N>")]
        [DefaultValue(2023)]
        public int Seed { get; init; } = 2023;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Output) ? ValidationResult.Error("Give the output folder with --out.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var options = new SyntheticObjectsOptions { Classes = settings.Classes, ImagesPerClass = settings.ImagesPerClass, ImageSize = settings.Size, Seed = settings.Seed };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new Mip.IO.MipInputException(e.Message.Split(Environment.NewLine)[0]);
        }
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("drawing", maxValue: 1);
            SyntheticObjectsGenerator.Generate(settings.Output, options, new Progress<double>(p => task.Value = p));
        });
        AnsiConsole.MarkupLineInterpolated($"Drew {options.Classes} classes x {options.ImagesPerClass} images into [bold]{settings.Output}[/]");
        return 0;
    }
}
