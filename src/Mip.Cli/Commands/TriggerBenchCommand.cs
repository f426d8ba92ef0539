using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mip.Evaluation.Stealth;
using Mip.IO;
using Mip.Triggers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class TriggerBenchCommand : Command<TriggerBenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Data set whose test images are resized to the benchmark size.")]
        public string Data { get; init; } = "";

        [CommandOption("--count <N>")]
        [Description("Images timed per trigger.")]
        [DefaultValue(100)]
        public int Count { get; init; } = 100;

        [CommandOption("--size <PX>")]
        [Description("Images are resized (straight, bilinear) to PX x PX.")]
        [DefaultValue(224)]
        public int Size { get; init; } = 224;

        [CommandOption("--weights <FILE>")]
        public string? Weights { get; init; }

        [CommandOption("-o|--output <DIR>")]
        [Description("Folder for bench.json and bench.md.")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(settings.Data)) throw new MipInputException("Give the data set with --data PATH.");
        if (settings.Count < 1 || settings.Size < 16) throw new MipInputException("--count must be at least 1 and --size at least 16.");
        StealthSample sample = StealthSample.Load(settings.Data, "test", settings.Count, cancellation: cancellation);
        var images = sample.Images.Select(i => i.Image.Resize(settings.Size, settings.Size)).ToList();
        var common = new TriggerSettings { StegoWeightsPath = settings.Weights };
        var triggers = new List<(string, ITrigger)>
        {
            ("stego", TriggerCatalog.Create("stego", common)),
            ("badnets", TriggerCatalog.Create("badnets", common)),
            ("blended-patch", TriggerCatalog.Create("blended-patch", common)),
            ("blended-image", TriggerCatalog.Create("blended-image", common)),
        };
        IReadOnlyList<TriggerTiming> timings = null!;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("timing", maxValue: images.Count);
            timings = TriggerBenchmark.Run(triggers, images, progress: new Progress<int>(n => task.Value = n), cancellation: cancellation);
            task.Value = images.Count;
        });
        Console.WriteLine(F($"{"trigger",-14} {"median ms",10} {"mean ms",9} {"p90 ms",8} {"min ms",8} {"max ms",8}"));
        foreach (var t in timings)
            Console.WriteLine(F($"{t.Name,-14} {t.MedianMs,10:0.00} {t.MeanMs,9:0.00} {t.P90Ms,8:0.00} {t.MinMs,8:0.00} {t.MaxMs,8:0.00}"));

        if (settings.Output is not null)
        {
            Directory.CreateDirectory(settings.Output);
            string machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {Environment.OSVersion}, LibTorch threads {TorchSharp.torch.get_num_threads()}";
            var document = new { date = DateTimeOffset.UtcNow, machine, images = sample.Description, size = settings.Size, timings };
            AtomicFile.WriteAllText(Path.Combine(settings.Output, "bench.json"),
                JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            var md = new StringBuilder();
            md.AppendLine(F($"Protect time per {settings.Size}x{settings.Size} image, in memory, {images.Count} images, triggers interleaved; {machine}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.")).AppendLine();
            md.AppendLine("| trigger | median ms | mean ms | p90 ms | min ms | max ms | id |").AppendLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var t in timings)
                md.AppendLine(F($"| {t.Name} | {t.MedianMs:0.00} | {t.MeanMs:0.00} | {t.P90Ms:0.00} | {t.MinMs:0.00} | {t.MaxMs:0.00} | `{t.TriggerId}` |"));
            AtomicFile.WriteAllText(Path.Combine(settings.Output, "bench.md"), md.ToString());
            Console.WriteLine($"wrote {settings.Output}/bench.json and bench.md");
        }
        return 0;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
