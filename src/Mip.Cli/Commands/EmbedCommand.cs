using System.ComponentModel;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class EmbedCommand : Command<EmbedCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <MODEL>")]
        [Description("A checkpoint file, or 'pretrained' for the ImageNet ResNet with a fresh head.")]
        public string Model { get; init; } = "pretrained";

        [CommandArgument(0, "<IMAGES>")]
        public string[] Images { get; init; } = [];

        [CommandOption("-o|--output <FILE>")]
        [Description("Output file: .json or .npy.")]
        public string Output { get; init; } = "embeddings.json";

        [CommandOption("--device <DEVICE>")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        throw new NotImplementedException("embed is wired when images and models land");
    }
}
