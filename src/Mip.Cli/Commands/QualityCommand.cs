using System.ComponentModel;
using Mip.Evaluation.Stealth;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class QualityCommand : Command<QualityCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<REFERENCE>")]
        [Description("The original image.")]
        public string Reference { get; init; } = "";

        [CommandArgument(1, "<TEST>")]
        [Description("The changed image (same size).")]
        public string Test { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        QualityScores q = ImageQuality.MeasureFiles(settings.Reference, settings.Test);
        Console.WriteLine($"MSE  {q.Mse:0.0000}");
        Console.WriteLine(double.IsPositiveInfinity(q.Psnr) ? "PSNR inf dB (identical)" : $"PSNR {q.Psnr:0.00} dB");
        Console.WriteLine($"SSIM {q.Ssim:0.0000}");
        return 0;
    }
}
