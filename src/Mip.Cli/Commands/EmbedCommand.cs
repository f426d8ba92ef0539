using System.ComponentModel;
using System.Text.Json;
using Mip.Images;
using Mip.IO;
using Mip.Models;
using Mip.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class EmbedCommand : Command<EmbedCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <MODEL>")]
        [Description("A checkpoint file, or 'pretrained' for the ImageNet ResNet-18 with a fresh seeded 512-d head.")]
        [DefaultValue("pretrained")]
        public string Model { get; init; } = "pretrained";

        [CommandArgument(0, "<IMAGES>")]
        [Description("Image files to embed.")]
        public string[] Images { get; init; } = [];

        [CommandOption("-o|--output <FILE>")]
        [Description("Output file, .json (paths and vectors) or .npy (float32 matrix, rows in argument order).")]
        [DefaultValue("embeddings.json")]
        public string Output { get; init; } = "embeddings.json";

        [CommandOption("--device <DEVICE>")]
        [Description("cpu, cuda or cuda:N.")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--batch-size <N>")]
        [DefaultValue(32)]
        public int BatchSize { get; init; } = 32;

        public override ValidationResult Validate()
        {
            if (Images.Length == 0) return ValidationResult.Error("Give at least one image.");
            string ext = Path.GetExtension(Output).ToLowerInvariant();
            if (ext is not (".json" or ".npy")) return ValidationResult.Error($"Output '{Output}' must end in .json or .npy.");
            if (BatchSize < 1) return ValidationResult.Error("--batch-size must be at least 1.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // Cheap checks first, so bad input fails in milliseconds and before anything is written.
        ImageEmbedder.ValidateAll(settings.Images);
        AtomicFile.RequireFolder(settings.Output);

        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var model = ModelArgument.Load(settings.Model, device);
        var embedder = new ImageEmbedder(model, settings.BatchSize);
        float[] vectors = [];
        AnsiConsole.Progress().AutoClear(true).Start(progress =>
        {
            var task = progress.AddTask("embedding", maxValue: settings.Images.Length);
            vectors = embedder.Embed(settings.Images, new Progress<int>(done => task.Value = done));
        });

        int dim = model.EmbeddingSize;
        if (Path.GetExtension(settings.Output).Equals(".npy", StringComparison.OrdinalIgnoreCase))
        {
            NpyFile.WriteFloat32(settings.Output, vectors, settings.Images.Length, dim);
        }
        else
        {
            var document = new
            {
                model = settings.Model,
                dimension = dim,
                embeddings = settings.Images.Select((path, i) => new { image = path, vector = vectors.AsSpan(i * dim, dim).ToArray() }),
            };
            AtomicFile.WriteAllText(settings.Output, JsonSerializer.Serialize(document));
        }
        AnsiConsole.MarkupLineInterpolated($"Wrote {settings.Images.Length} embeddings of dimension {dim} to [bold]{settings.Output}[/]");
        return 0;
    }
}
