using System.ComponentModel;
using Mip.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary><c>mip report robustness</c>: redraws robustness.md/csv and the plots from a robustness.json.</summary>
public sealed class ReportRobustnessCommand : Command<ReportRobustnessCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--input <FOLDER>")]
        [Description("A folder written by mip robustness (it holds robustness.json); its files are redrawn in place.")]
        public string Input { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Input) ? ValidationResult.Error("--input is required.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var result = RobustnessReportWriter.ReadJson(Path.Combine(settings.Input, "robustness.json"));
        RobustnessReportWriter.WriteAll(settings.Input, result);
        Console.WriteLine($"redrew robustness.md, robustness.json, robustness.csv, filters.png and pruning.png in {settings.Input}");
        return 0;
    }
}
