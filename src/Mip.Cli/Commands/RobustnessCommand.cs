using System.ComponentModel;
using System.Globalization;
using Mip.Data;
using Mip.Defences.Adversarial;
using Mip.Defences.Filters;
using Mip.IO;
using Mip.Runtime;
using Mip.Triggers;
using Mip.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary><c>mip robustness</c>: input filters, fine-pruning and the HDM baseline (issue: robustness and cost).</summary>
public sealed class RobustnessCommand : Command<RobustnessCommand.Settings>
{
    public sealed class Settings : TriggerChoiceSettings
    {
        [CommandOption("-m|--model <CKPT>")]
        [Description("A backdoored checkpoint (PBL, CBL); repeat for several.")]
        public string[] Models { get; init; } = [];

        [CommandOption("--clean-model <CKPT>")]
        [Description("The clean reference checkpoint (M_clean of PSR; the model HDM attacks).")]
        public string CleanModel { get; init; } = "";

        [CommandOption("--data <PATH>")]
        public string Data { get; init; } = "";

        [CommandOption("-o|--output <DIR>")]
        public string Output { get; init; } = "";



        [CommandOption("--filters <LIST>")]
        [Description("Comma-separated filters: mean-K, box-K, gaussian-K, median-K (K odd), nlmeans (default: all of them at K = 3 and 5).")]
        public string? Filters { get; init; }

        [CommandOption("--ratios <LIST>")]
        [Description("Pruning ratios in [0, 1] (default 0 to 0.5 in steps of 0.05).")]
        public string? Ratios { get; init; }

        [CommandOption("--clean-images <N>")]
        [Description("Clean training images the pruning defender ranks channels on.")]
        [DefaultValue(1000)]
        public int CleanImages { get; init; } = 1000;

        [CommandOption("--fine-tune-epochs <N>")]
        [Description("Fine-tune each pruned model on the clean images for N epochs as well (0: prune only).")]
        [DefaultValue(0)]
        public int FineTuneEpochs { get; init; }

        [CommandOption("--hdm-classes <N>")]
        [Description("Test classes HDM perturbs (0 skips HDM).")]
        [DefaultValue(4)]
        public int HdmClasses { get; init; } = 4;

        [CommandOption("--hdm-iterations <N>")]
        [DefaultValue(100)]
        public int HdmIterations { get; init; } = 100;

        [CommandOption("--freeze-stages <K>")]
        [DefaultValue(3)]
        public int FreezeStages { get; init; } = 3;

        [CommandOption("--cache-dir <DIR>")]
        public string? CacheDir { get; init; }

        [CommandOption("--device <DEVICE>")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        public override ValidationResult Validate()
        {
            if (Models.Length == 0) return ValidationResult.Error("Give at least one backdoored model with --model.");
            if (string.IsNullOrWhiteSpace(CleanModel)) return ValidationResult.Error("--clean-model is required.");
            if (string.IsNullOrWhiteSpace(Data)) return ValidationResult.Error("--data is required.");
            if (string.IsNullOrWhiteSpace(Output)) return ValidationResult.Error("-o|--output is required.");
            if (FineTuneEpochs < 0) return ValidationResult.Error("--fine-tune-epochs must be 0 or more.");
            if (HdmClasses < 0 || HdmIterations < 1 || CleanImages < 2) return ValidationResult.Error("--hdm-classes must be >= 0, --hdm-iterations >= 1 and --clean-images >= 2.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var filters = settings.Filters is null
            ? FilterCatalog.Standard
            : settings.Filters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var f in filters) FilterCatalog.Create(f); // a bad filter fails before any model is loaded
        var ratios = settings.Ratios is null
            ? Enumerable.Range(0, 11).Select(i => i * 0.05).ToArray()
            : settings.Ratios.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseRatio).ToArray();
        var trigger = settings.BuildTrigger();
        var dataset = DatasetReaders.Open(settings.Data);
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var loaded = new List<NamedModel>();
        try
        {
            var clean = ModelArgument.Load(settings.CleanModel, device);
            loaded.Add(new NamedModel("clean", clean));
            foreach (var spec in settings.Models) loaded.Add(ModelArgument.LoadNamed(spec, device, loaded));
            var cleanImages = dataset.Train.Images.Where((_, i) => i % Math.Max(1, dataset.Train.Count / settings.CleanImages) == 0).Take(settings.CleanImages).ToList();
            var request = new RobustnessRequest
            {
                Reference = loaded[0],
                Defended = loaded.Skip(1).ToList(),
                TestImages = dataset.Test.Images,
                CleanImages = cleanImages,
                Trigger = trigger,
                Filters = filters,
                PruningRatios = ratios,
                Hdm = settings.HdmClasses == 0 ? null : new HdmOptions { Iterations = settings.HdmIterations },
                HdmClasses = settings.HdmClasses,
                FineTuneEpochs = settings.FineTuneEpochs,
                FrozenStages = settings.FreezeStages + 1,
                CacheFolder = settings.CacheDir,
                OutputFolder = settings.Output,
                Facts = [new("data", $"{dataset.Name} at {dataset.Root}"), new("clean model", settings.CleanModel),
                    new("models", string.Join(", ", settings.Models)), new("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))],
            };
            RobustnessResult result = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx => result = RobustnessWorkflow.Run(request, new SpectreProgress(ctx)));
            Console.Write(RobustnessReportWriter.Markdown(result));
            Console.WriteLine($"wrote robustness.md, robustness.json, robustness.csv, filters.png and pruning.png to {settings.Output}");
            return 0;
        }
        finally
        {
            foreach (var m in loaded) m.Model.Dispose();
        }
    }

    private static double ParseRatio(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r >= 0 && r <= 1
            ? r
            : throw new MipInputException($"The pruning ratio '{text}' in --ratios must be a number between 0 and 1.");
}
