using System.ComponentModel;
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
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        throw new NotImplementedException("data inspect is wired when the data-set readers land");
    }
}
