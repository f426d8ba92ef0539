using System.ComponentModel;
using Mip.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class AverageCommand : Command<AverageCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<CHECKPOINTS>")]
        [Description("Checkpoints of one run to average, e.g. the epoch-NNN.ckpt files that mip train --keep-epochs writes.")]
        public string[] Checkpoints { get; init; } = [];

        [CommandOption("-o|--out <FILE>")]
        [Description("Checkpoint file to write (not one of the inputs).")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Checkpoints.Length < 2) return ValidationResult.Error("Give at least two checkpoints to average.");
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("Give the output checkpoint with --out.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var metadata = CheckpointAveraging.Average(settings.Checkpoints, settings.Out!);
        Console.WriteLine($"{settings.Out}: mean of {settings.Checkpoints.Length} checkpoints ({metadata.Notes["averagedFrom"]}), method {metadata.Method}");
        return 0;
    }
}
