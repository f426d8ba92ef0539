using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mip.Data;
using Mip.Defences.Adversarial;
using Mip.Evaluation.Cost;
using Mip.Images;
using Mip.IO;
using Mip.Models;
using Mip.Runtime;
using Mip.Triggers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary><c>mip bench efficiency</c>: the paper's Table 1, time and memory to protect one image with each method.</summary>
public sealed class EfficiencyCommand : Command<EfficiencyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Data set whose test images are protected (the first --images of them, in listed order).")]
        public string Data { get; init; } = "";

        [CommandOption("--images <N>")]
        [DefaultValue(50)]
        public int Images { get; init; } = 50;

        [CommandOption("--size <PX>")]
        [Description("Images are resized to this square size first (224 as the paper).")]
        [DefaultValue(224)]
        public int Size { get; init; } = 224;

        [CommandOption("--hdm-iterations <N>")]
        [DefaultValue(100)]
        public int HdmIterations { get; init; } = 100;

        [CommandOption("--training-run <DIR>")]
        [Description("A mip train output folder (history.csv, last.ckpt) whose training time is the SP's one-off cost; repeatable.")]
        public string[] TrainingRuns { get; init; } = [];

        [CommandOption("-o|--output <DIR>")]
        public string Output { get; init; } = "";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data)) return ValidationResult.Error("--data is required.");
            if (string.IsNullOrWhiteSpace(Output)) return ValidationResult.Error("-o|--output is required.");
            if (Images < 1 || HdmIterations < 1) return ValidationResult.Error("--images and --hdm-iterations must be at least 1.");
            if (Size < 32 || Size % 32 != 0) return ValidationResult.Error("--size must be a multiple of 32 (the ResNet's input), at least 32.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var training = settings.TrainingRuns.Select(ReadTraining).ToList();
        var dataset = DatasetReaders.Open(settings.Data);
        var records = dataset.Test.Images.Take(settings.Images).ToList();
        if (records.Count < settings.Images) throw new MipInputException($"The test split has {records.Count} images, fewer than --images {settings.Images}.");
        var images = records.Select(r => ImageReader.Load(r.Path).Resize(settings.Size, settings.Size)).ToList();
        var triggers = new List<(string, ITrigger)> { ("BadNets", TriggerCatalog.Create("badnets")), ("Blended", TriggerCatalog.Create("blended")), ("learned stego trigger", TriggerCatalog.Create("stego")) };
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = settings.Size }, TorchRuntime.ResolveDevice("cpu"));
        IReadOnlyList<ProtectionCostRow> rows = null!;
        AnsiConsole.Status().Start("timing", ctx => rows = ProtectionCost.Measure(images, triggers, model, new HdmOptions { Iterations = settings.HdmIterations },
            new InlineProgress<string>(name => ctx.Status($"timing {name} on {images.Count} images at {settings.Size} px"))));

        var stego = rows.First(r => r.Method.StartsWith("learned", StringComparison.Ordinal));
        var hdm = rows.Last();
        var md = new StringBuilder("# Cost of protecting one image (Table 1)\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- images: the first {images.Count} test images of {dataset.Name}, resized to {settings.Size}x{settings.Size} before timing\n");
        md.Append(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, {TorchSharp.torch.get_num_threads()} LibTorch threads; date {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        md.Append(CultureInfo.InvariantCulture, $"- HDM: {settings.HdmIterations} sign-gradient steps (1/255, budget 8/255) under the ImageNet ResNet-18 + 512-d head at {settings.Size} px, one image at a time\n\n");
        md.Append("| method | images | median ms / image | p90 ms | peak extra memory (MB) |\n|---|---:|---:|---:|---:|\n");
        foreach (var r in rows)
            md.Append(CultureInfo.InvariantCulture, $"| {r.Method} | {r.Images} | {r.MedianMilliseconds:F2} | {r.P90Milliseconds:F2} | {r.PeakExtraMegabytes:F1} |\n");
        md.Append(CultureInfo.InvariantCulture, $"\nHDM / learned trigger, median per image: {hdm.MedianMilliseconds / stego.MedianMilliseconds:F0}x.\n");
        if (training.Count > 0)
        {
            md.Append("\n## The service provider's one-off backdoor learning\n\n| run | method | epochs | training time (s) |\n|---|---|---:|---:|\n");
            foreach (var t in training) md.Append(CultureInfo.InvariantCulture, $"| {t.Run} | {t.Method} | {t.Epochs} | {t.Seconds:F0} |\n");
        }
        Directory.CreateDirectory(settings.Output);
        AtomicFile.WriteAllText(Path.Combine(settings.Output, "efficiency.md"), md.ToString());
        AtomicFile.WriteAllText(Path.Combine(settings.Output, "efficiency.json"), JsonSerializer.Serialize(new
        {
            size = settings.Size,
            rows = rows.Select(r => new { r.Method, r.Images, r.MedianMilliseconds, r.P90Milliseconds, r.PeakExtraMegabytes }),
            hdmOverLearnedTrigger = hdm.MedianMilliseconds / stego.MedianMilliseconds,
            training = training.Select(t => new { t.Run, t.Method, t.Epochs, t.Seconds }),
        }, new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(settings.Output, "efficiency.csv"),
            "method,images,median_ms,p90_ms,peak_extra_mb\n" + string.Concat(rows.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"\"{r.Method}\",{r.Images},{r.MedianMilliseconds:R},{r.P90Milliseconds:R},{r.PeakExtraMegabytes:R}\n"))));
        Console.Write(md.ToString());
        Console.WriteLine($"wrote efficiency.md, efficiency.json and efficiency.csv to {settings.Output}");
        return 0;
    }

    private static (string Run, string Method, int Epochs, double Seconds) ReadTraining(string folder)
    {
        string history = Path.Combine(folder, "history.csv");
        string last = Path.Combine(folder, "last.ckpt");
        if (!File.Exists(history) || !File.Exists(last))
            throw new MipInputException($"'{folder}' is not a finished training run: it needs history.csv and last.ckpt.");
        var metadata = Mip.Checkpoints.CheckpointFile.ReadMetadata(last);
        double seconds = File.ReadAllLines(history).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f.Length >= 5 && double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Sum(f => double.Parse(f[4], CultureInfo.InvariantCulture));
        return (folder, metadata.Method, metadata.Epoch, seconds);
    }
}
