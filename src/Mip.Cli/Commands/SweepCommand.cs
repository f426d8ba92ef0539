using System.ComponentModel;
using System.Globalization;
using Mip.Data;
using Mip.IO;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary><c>mip sweep</c>: the paper's Fig. 8 (beta = gamma), Fig. 9 (rho) and Table 5 (loss ablation).</summary>
public sealed class SweepCommand : Command<SweepCommand.Settings>
{
    public sealed class Settings : TrainCommand.Settings
    {
        [CommandOption("--sweep <KIND>")]
        [Description("weights (PBL's beta = gamma, Fig. 8), rho (poisoning ratio, Fig. 9), ablation (PBL without L_d / L_p, Table 5), " +
            "or one knob alone: beta, gamma (PBL), lambda (CBL), privacy-margin (PBL or CBL), centre-weight, decorrelation-weight (PBL).")]
        public string Sweep { get; init; } = "";

        [CommandOption("--values <LIST>")]
        [Description("Comma-separated values of the swept setting, e.g. 0.05,0.1,0.2 (not used by ablation).")]
        public string? Values { get; init; }

        [CommandOption("--clean-model <CKPT>")]
        [Description("A trained clean checkpoint for M_clean (default: train one with the same settings).")]
        public string? CleanModel { get; init; }

        [CommandOption("--split <SPLIT>")]
        [Description("validation (default: the classes carved from the training split, for choosing settings) or test (for reporting).")]
        [DefaultValue("validation")]
        public string Split { get; init; } = "validation";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (!SweepKinds.ByName.TryGetValue(settings.Sweep.Trim().ToLowerInvariant(), out var kind))
            throw new MipInputException($"Unknown --sweep '{settings.Sweep}': use {string.Join(", ", SweepKinds.ByName.Keys)}.");
        var values = new List<double>();
        foreach (var part in (settings.Values ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            values.Add(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v : throw new MipInputException($"'{part}' in --values is not a number."));
        if (kind != SweepKind.Ablation && values.Count == 0) throw new MipInputException($"The {settings.Sweep} sweep needs --values.");
        if (settings.Split is not ("validation" or "test")) throw new MipInputException($"Unknown --split '{settings.Split}': use validation or test.");
        var method = TrainingMethods.Parse(settings.Method == "clean" ? "pbl" : settings.Method);
        if (method is TrainingMethod.Clean or TrainingMethod.Baseline) throw new MipInputException("A sweep trains pbl or cbl.");
        kind.RequireFits(method); // before the data set is read, as the other argument checks
        var options = settings.BuildTrainerOptions();
        var backdoor = settings.BuildBackdoor();
        var trigger = settings.BuildTrigger();
        var modelOptions = settings.BuildModelOptions();
        if (settings.CleanModel is { } clean && !File.Exists(clean)) throw new MipInputException($"The clean model '{clean}' does not exist.");
        var dataset = DatasetReaders.Open(settings.Data);
        var images = settings.Split == "test"
            ? dataset.Test.Images
            : ValidationSplit.HeldOutFor(dataset, options.ValidationFraction, options.Seed, settings.CleanModel is { } cleanModel ? [cleanModel] : []);
        if (images.Count == 0) throw new MipInputException("The validation split is empty: raise --val-fraction or sweep on --split test.");
        var request = new SweepRequest
        {
            Kind = kind,
            Values = values,
            Method = method,
            Dataset = dataset,
            EvaluationImages = images,
            EvaluationName = settings.Split == "test" ? $"{dataset.Name} test split" : $"{dataset.Name} validation classes",
            ModelOptions = modelOptions,
            TrainerOptions = options,
            BaseSettings = backdoor,
            Trigger = trigger,
            CleanCheckpoint = settings.CleanModel,
            OutputFolder = settings.Out,
        };
        IReadOnlyList<SweepResult> results = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => results = SweepWorkflow.Run(request, new SpectreProgress(ctx), cancellation));
        Console.Write(File.ReadAllText(Path.Combine(settings.Out, "sweep.md")));
        Console.WriteLine($"wrote sweep.md, sweep.json, sweep.csv and sweep.png to {settings.Out} ({results.Count} points)");
        return 0;
    }
}
