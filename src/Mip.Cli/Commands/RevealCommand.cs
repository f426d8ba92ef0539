using System.ComponentModel;
using Mip.Images;
using Mip.Triggers.Stego;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class RevealCommand : Command<RevealCommand.Settings>
{
    /// <summary>Exit code when the image holds no readable secret (like grep finding nothing).</summary>
    public const int NotFound = 1;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<IMAGE>")]
        public string Image { get; init; } = "";

        [CommandOption("--weights <FILE>")]
        [Description("Stego weights (default: the shipped ones).")]
        public string? Weights { get; init; }

        [CommandOption("--chase <N>")]
        [Description("Also try flipping the N least reliable bits (0-8) when plain error correction fails.")]
        [DefaultValue(0)]
        public int Chase { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (settings.Chase is < 0 or > 8) throw new Mip.IO.MipInputException($"--chase must be between 0 and 8, not {settings.Chase}.");
        RgbImage image = ImageReader.Load(settings.Image);
        using StegoModel model = settings.Weights is null ? StegoModel.LoadDefault() : StegoModel.Load(settings.Weights);
        SecretDecodeResult result = model.Reveal(image, settings.Chase);
        if (!result.Found)
        {
            Console.WriteLine($"no secret found in {settings.Image} (confidence {result.Confidence:0.00})");
            return NotFound;
        }
        Console.WriteLine($"secret: {result.Secret}");
        Console.WriteLine($"confidence {result.Confidence:0.00}, {result.CorrectedBits} of {SecretCodec.BitCount} bits corrected");
        return 0;
    }
}
