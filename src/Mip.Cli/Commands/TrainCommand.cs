using System.ComponentModel;
using System.Globalization;
using Mip.Checkpoints;
using Mip.Data;
using Mip.IO;
using Mip.Learning.Distances;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace Mip.Cli.Commands;

public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public class Settings : TriggerChoiceSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Data set folder (CUB-200-2011, Cars196, SOP, In-Shop or class folders).")]
        public string Data { get; init; } = "";

        [CommandOption("--method <METHOD>")]
        [Description("clean (triplet loss), pbl (privacy first, Eq. 8), cbl (service first, Eq. 9) or baseline (label-flip poisoning).")]
        [DefaultValue("clean")]
        public string Method { get; init; } = "clean";

        [CommandOption("--out <DIR>")]
        [Description("Output folder for last.ckpt, best.ckpt and history.csv.")]
        public string Out { get; init; } = "";

        [CommandOption("--backbone <NAME>")]
        [Description("resnet18-cntk (shipped, pretrained), resnet50 or inception-v1 (pretrained with --weights).")]
        [DefaultValue("resnet18-cntk")]
        public string Backbone { get; init; } = "resnet18-cntk";

        [CommandOption("--weights <FILE>")]
        [Description("Pretrained backbone weights (torchvision state dict) for resnet50 / inception-v1.")]
        public string? Weights { get; init; }

        [CommandOption("--start-from <CKPT>")]
        [Description("Start from a trained model's checkpoint (e.g. the clean model a service already runs) instead of the pretrained backbone and a fresh head. Same backbone and input size.")]
        public string? StartFrom { get; init; }

        [CommandOption("--anchor-to <CKPT>")]
        [Description("Not in the paper: also pull every clean training image's embedding towards this model's (the clean model a service already runs), weighted by --anchor-weight. Same input and embedding size.")]
        public string? AnchorTo { get; init; }

        [CommandOption("--anchor-weight <W>")]
        [Description("Weight of the embedding-anchor loss (with --anchor-to; default 1).")]
        public double? AnchorWeight { get; init; }

        [CommandOption("--input-size <PX>")]
        [DefaultValue(224)]
        public int InputSize { get; init; } = 224;

        [CommandOption("--freeze-stages <K>")]
        [Description("Freeze the stem and the first K residual stages (0 = stem only, -1 = nothing). Frozen outputs are cached.")]
        [DefaultValue(3)]
        public int FreezeStages { get; init; } = 3;

        [CommandOption("--epochs <N>")]
        [DefaultValue(20)]
        public int Epochs { get; init; } = 20;

        [CommandOption("--lr <RATE>")]
        [DefaultValue(1e-5)]
        public double LearningRate { get; init; } = 1e-5;

        [CommandOption("--head-lr <RATE>")]
        [Description("Separate learning rate for the embedding head (default: --lr).")]
        public double? HeadLearningRate { get; init; }

        [CommandOption("--lr-schedule <SCHEDULE>")]
        [Description("constant (the paper's code) or cosine (not in the paper: every rate decays to zero at the last step).")]
        [DefaultValue("constant")]
        public string LrSchedule { get; init; } = "constant";

        [CommandOption("--weight-decay <WD>")]
        [Description("Adam weight decay: 4e-4 as in the paper's code (the paper's text says 1e-4).")]
        [DefaultValue(4e-4)]
        public double WeightDecay { get; init; } = 4e-4;

        [CommandOption("--batch-size <N>")]
        [DefaultValue(80)]
        public int BatchSize { get; init; } = 80;

        [CommandOption("--samples-per-class <N>")]
        [DefaultValue(2)]
        public int SamplesPerClass { get; init; } = 2;

        [CommandOption("--miner <MINER>")]
        [Description("random, semihard or distance-weighted.")]
        [DefaultValue("random")]
        public string Miner { get; init; } = "random";

        [CommandOption("--margin <M>")]
        [DefaultValue(0.2)]
        public double Margin { get; init; } = 0.2;

        [CommandOption("--distance <D>")]
        [Description("squared (the paper's code) or euclidean.")]
        [DefaultValue("squared")]
        public string Distance { get; init; } = "squared";

        [CommandOption("--augment")]
        [Description("Random resized crop and horizontal flip (turns the feature cache off).")]
        public bool Augment { get; init; }

        [CommandOption("--no-cache")]
        [Description("Run the frozen stages on every batch instead of caching their output.")]
        public bool NoCache { get; init; }

        [CommandOption("--cache-fp32")]
        [Description("Keep cached features in float32 instead of float16.")]
        public bool CacheFp32 { get; init; }

        [CommandOption("--cache-dir <DIR>")]
        [Description("Keep cached features in this folder between runs (keyed by model, input size and image files).")]
        public string? CacheDir { get; init; }

        [CommandOption("--val-fraction <F>")]
        [Description("Fraction of training classes held out to pick the best epoch.")]
        [DefaultValue(0.2)]
        public double ValFraction { get; init; } = 0.2;

        [CommandOption("--seed <N>")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("--resume")]
        [Description("Continue the run in --out from its last.ckpt.")]
        public bool Resume { get; init; }

        [CommandOption("--device <DEVICE>")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--keep-epochs")]
        [Description("Also keep every epoch's weights as epoch-NNN.ckpt (for mip average; each file holds the whole model).")]
        public bool KeepEpochs { get; init; }

        [CommandOption("--poison-ratio <RHO>")]
        [Description("Fraction of mined triplets poisoned per batch (pbl, cbl) or of training images (baseline).")]
        [DefaultValue(0.1)]
        public double PoisonRatio { get; init; } = 0.1;

        [CommandOption("--poison-selection <CHOICE>")]
        [Description("Which mined triplets are poisoned (pbl, cbl): random (the paper's code) or hardest (not in the paper: those with the largest privacy terms).")]
        [DefaultValue("random")]
        public string PoisonSelection { get; init; } = "random";

        [CommandOption("--beta <B>")]
        [Description("PBL weight of the domain-collapse loss L_d.")]
        [DefaultValue(1.0)]
        public double Beta { get; init; } = 1.0;

        [CommandOption("--gamma <G>")]
        [Description("PBL weight of the poison-augmentation loss L_p.")]
        [DefaultValue(1.0)]
        public double Gamma { get; init; } = 1.0;

        [CommandOption("--lambda <L>")]
        [Description("CBL weight of the anchor-poisoned loss L'_d.")]
        [DefaultValue(1.0)]
        public double Lambda { get; init; } = 1.0;

        [CommandOption("--centre-weight <W>")]
        [Description("Not in the paper: PBL also adds W x CBL's anchor-poisoned loss L'_d (Eq. 6), pulling each protected anchor towards the class centre farthest from its clean embedding; 0 (default) = the paper's PBL.")]
        [DefaultValue(0.0)]
        public double CentreWeight { get; init; }

        [CommandOption("--decorrelation-weight <W>")]
        [Description("Not in the paper: PBL also adds W x max(0, r), r the correlation between the pair similarities of its poisoned triplets' protected copies and those of their clean photos, so protected copies stop mirroring their photos' look-alikes; 0 (default) = the paper's PBL.")]
        [DefaultValue(0.0)]
        public double DecorrelationWeight { get; init; }

        [CommandOption("--recompute-centres")]
        [Description("CBL (and pbl's --centre-weight term): recompute the class centres under the current model every epoch (default: once, under the initial model, as the paper's code).")]
        public bool RecomputeCentres { get; init; }

        [CommandOption("--lp-form <FORM>")]
        [Description("Poison-augmentation loss: code (T(G(a),G(n),G(p)), the released code) or paper (T(G(a),n,G(p)), Eq. 7).")]
        [DefaultValue("code")]
        public string PoisonAugmentationForm { get; init; } = "code";

        [CommandOption("--privacy-margin <M>")]
        [Description("Not in the paper: the margin of the privacy terms (pbl: L_d and L_p; cbl: L'_d); default: --margin, as the paper's code.")]
        public double? PrivacyMargin { get; init; }

        [CommandOption("--detach-clean")]
        [Description("Not in the paper: the privacy terms treat clean embeddings as constants, so only the protected copies are pushed.")]
        public bool DetachClean { get; init; }

        /// <summary>The trainer's options from the command line.</summary>
        public TrainerOptions BuildTrainerOptions()
        {
            var distance = Distance.Trim().ToLowerInvariant() switch
            {
                "squared" => DistanceKind.Squared,
                "euclidean" => DistanceKind.Euclidean,
                _ => throw new MipInputException($"Unknown distance '{Distance}': use squared or euclidean."),
            };
            var options = new TrainerOptions
            {
                Epochs = Epochs,
                LearningRate = LearningRate,
                HeadLearningRate = HeadLearningRate,
                Schedule = ParseSchedule(LrSchedule),
                WeightDecay = WeightDecay,
                BatchSize = BatchSize,
                SamplesPerClass = SamplesPerClass,
                FrozenStages = FreezeStages + 1,
                Augment = Augment,
                CacheFeatures = !NoCache,
                CacheStorage = CacheFp32 ? ScalarType.Float32 : ScalarType.Float16,
                CacheFolder = CacheDir,
                ValidationFraction = ValFraction,
                Seed = Seed,
                Miner = ParseMiner(Miner),
                Distance = distance,
                Margin = Margin,
                KeepEpochCheckpoints = KeepEpochs,
            };
            options.Validate();
            return options;
        }

        /// <summary>The backdoor methods' settings from the command line.</summary>
        public BackdoorSettings BuildBackdoor()
        {
            if (!(PoisonRatio > 0 && PoisonRatio <= 1)) throw new MipInputException($"--poison-ratio must be in (0, 1], not {PoisonRatio}.");
            if (PrivacyMargin is { } privacyMargin && !(privacyMargin >= 0 && double.IsFinite(privacyMargin)))
                throw new MipInputException($"--privacy-margin must be zero or more, not {privacyMargin.ToString(CultureInfo.InvariantCulture)}.");
            if (!(CentreWeight >= 0 && double.IsFinite(CentreWeight)))
                throw new MipInputException($"--centre-weight must be zero or more, not {CentreWeight.ToString(CultureInfo.InvariantCulture)}.");
            if (!(DecorrelationWeight >= 0 && double.IsFinite(DecorrelationWeight)))
                throw new MipInputException($"--decorrelation-weight must be zero or more, not {DecorrelationWeight.ToString(CultureInfo.InvariantCulture)}.");
            var lpForm = PoisonAugmentationForm.Trim().ToLowerInvariant() switch
            {
                "code" => Mip.Learning.Losses.PoisonAugmentationForm.Code,
                "paper" => Mip.Learning.Losses.PoisonAugmentationForm.Paper,
                _ => throw new MipInputException($"Unknown --lp-form '{PoisonAugmentationForm}': use code or paper."),
            };
            var choice = PoisonSelection.Trim().ToLowerInvariant() switch
            {
                "random" => PoisonChoice.Random,
                "hardest" => PoisonChoice.Hardest,
                _ => throw new MipInputException($"Unknown --poison-selection '{PoisonSelection}': use random or hardest."),
            };
            return new BackdoorSettings { PoisonRatio = PoisonRatio, PoisonChoice = choice, Beta = Beta, Gamma = Gamma, Lambda = Lambda, PoisonAugmentation = lpForm, RecomputeCentresEachEpoch = RecomputeCentres,
                DetachCleanInPrivacyTerms = DetachClean, PrivacyMargin = PrivacyMargin, CentreWeight = CentreWeight,
                DecorrelationWeight = DecorrelationWeight };
        }

        /// <summary>The model to start from.</summary>
        public EmbeddingModelOptions BuildModelOptions() => new()
        {
            Backbone = EmbeddingModelCheckpoint.ParseBackbone(Backbone)
                       ?? throw new MipInputException($"Unknown backbone '{Backbone}': use resnet18-cntk, resnet50 or inception-v1."),
            InputSize = InputSize,
            WeightsPath = Weights,
            Seed = Seed,
        };

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data)) return ValidationResult.Error("--data is required.");
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out is required.");
            if (FreezeStages < -1) return ValidationResult.Error("--freeze-stages must be -1 (nothing frozen) or more.");
            if (StartFrom is not null && Weights is not null) return ValidationResult.Error("--start-from and --weights both set the starting weights: give one.");
            if (AnchorWeight is not null && AnchorTo is null) return ValidationResult.Error("--anchor-weight needs --anchor-to (the model whose embeddings to keep).");
            if (AnchorWeight is { } w && !(w > 0 && double.IsFinite(w))) return ValidationResult.Error($"--anchor-weight must be positive, not {w.ToString(CultureInfo.InvariantCulture)}.");
            if (AnchorTo is not null && Augment) return ValidationResult.Error("--anchor-to needs unaugmented images (its targets are computed once): drop --augment.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var method = TrainingMethods.Parse(settings.Method);
        var backdoor = method == TrainingMethod.Clean ? new BackdoorSettings() : settings.BuildBackdoor();
        var trigger = method == TrainingMethod.Clean ? null : settings.BuildTrigger();
        var options = settings.BuildTrainerOptions();
        var modelOptions = settings.BuildModelOptions();
        var dataset = DatasetReaders.Open(settings.Data);

        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var model = EmbeddingModelFactory.Create(modelOptions, device);
        string? startedFrom = null;
        if (settings.StartFrom is { } start)
        {
            // Before the objective is built: CBL's class centres are those of the model training starts from.
            var initial = EmbeddingModelCheckpoint.LoadWeightsInto(model, start);
            startedFrom = $"{Path.GetFullPath(start)} ({initial.Metadata.Method}, epoch {initial.Metadata.Epoch})";
        }
        if (!model.IsBackbonePretrained && settings.StartFrom is null)
            AnsiConsole.MarkupLine("[yellow]warning:[/] the backbone starts from random weights (no --weights given).");
        var objective = ObjectiveFactory.Create(method, model, dataset.Train.Images, options, backdoor, trigger);
        if (settings.AnchorTo is { } anchorPath)
        {
            var (reference, _) = EmbeddingModelCheckpoint.Load(anchorPath, device);
            using (reference)
            {
                Console.WriteLine($"embedding anchor: {anchorPath}, weight {settings.AnchorWeight ?? 1.0}; embedding the training images with it");
                objective = ObjectiveFactory.Anchored(objective, model, reference, $"{Path.GetFullPath(anchorPath)} (sha256 {CheckpointFile.Digest(anchorPath)})",
                    dataset.Train.Images, options, settings.AnchorWeight ?? 1.0);
            }
        }
        var request = new TrainRequest
        {
            Model = model,
            Objective = objective,
            TrainImages = dataset.Train.Images,
            OutputFolder = settings.Out,
            Options = options,
            Resume = settings.Resume,
            StartedFrom = startedFrom,
            DatasetName = dataset.Name,
        };

        // The trainer holds validation classes out of the training split, so the line says what actually trains.
        var (trainedOn, heldOut) = ValidationSplit.Carve(dataset.Train.Images, options.ValidationFraction, options.Seed);
        string validation = heldOut.Count == 0 ? "no validation classes"
            : $"{heldOut.Count} images of {heldOut.Select(r => r.Label).Distinct().Count()} classes held out for validation";
        Console.WriteLine($"training {method.Name()} on {dataset.Name} ({trainedOn.Count} images of {trainedOn.Select(r => r.Label).Distinct().Count()} " +
                          $"training classes; {validation}), " +
                          $"{model.Backbone.Kind} at {settings.InputSize} px, frozen stages {options.FrozenStages} of {model.Backbone.StageCount}, " +
                          $"cache {(options.UsesCache ? options.CacheStorage.ToString() : "off")}, threads {TorchSharp.torch.get_num_threads()}");
        var result = RunWithProgress(request, cancellation);
        Console.WriteLine($"cache {result.CacheSeconds:F1} s, training {result.TrainSeconds:F1} s; best epoch {result.BestEpoch} " +
                          $"(validation R@1 {Format(result.BestValidationRecallAt1)}); wrote {result.BestCheckpoint} and {result.LastCheckpoint}");
        return 0;
    }

    private static TrainingResult RunWithProgress(TrainRequest request, CancellationToken cancellation)
    {
        // Line-per-epoch output when not on a terminal (logs, benchmarks); a live bar otherwise.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return Trainer.Train(request, new InlineProgress<TrainingProgress>(p => ReportLine(p)), cancellation);
        TrainingResult? result = null;
        AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .Start(ctx =>
            {
                var cache = ctx.AddTask("caching features", autoStart: true, maxValue: 1);
                ProgressTask? train = null;
                result = Trainer.Train(request, new InlineProgress<TrainingProgress>(p =>
                {
                    switch (p.Phase)
                    {
                        case TrainingPhase.Caching:
                            cache.MaxValue = p.Total;
                            cache.Value = p.Done;
                            break;
                        case TrainingPhase.Training:
                            cache.Value = cache.MaxValue;
                            train ??= ctx.AddTask("training", maxValue: (double)p.Total * p.Epochs);
                            train.Value = (double)(p.Epoch - 1) * p.Total + p.Done;
                            train.Description = $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} {p.ImagesPerSecond:F0} img/s ETA {p.Remaining:hh\\:mm\\:ss}";
                            break;
                        case TrainingPhase.EpochDone:
                            AnsiConsole.MarkupLineInterpolated($"epoch {p.Epoch}: loss {Format(p.Loss)}, validation R@1 {Format(p.ValidationRecallAt1)}");
                            break;
                    }
                }), cancellation);
                cache.Value = cache.MaxValue;
            });
        return result!;
    }

    private static void ReportLine(TrainingProgress p)
    {
        if (p.Phase == TrainingPhase.Caching && p.Done == p.Total)
            Console.WriteLine($"cached frozen-stage features of {p.Total} images");
        else if (p.Phase == TrainingPhase.Training && p.Done == p.Total)
            Console.WriteLine($"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F4}, {p.ImagesPerSecond:F0} img/s, ETA {p.Remaining:hh\\:mm\\:ss}");
        else if (p.Phase == TrainingPhase.EpochDone)
            Console.WriteLine($"epoch {p.Epoch} done: mean loss {Format(p.Loss)}, validation R@1 {Format(p.ValidationRecallAt1)}");
    }

    private static string Format(double? value) =>
        value is { } v && !double.IsNaN(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    internal static LearningRateSchedule ParseSchedule(string name) => name.Trim().ToLowerInvariant() switch
    {
        "constant" => LearningRateSchedule.Constant,
        "cosine" => LearningRateSchedule.Cosine,
        _ => throw new MipInputException($"Unknown learning-rate schedule '{name}': use constant or cosine."),
    };

    internal static MinerKind ParseMiner(string name) => name.Trim().ToLowerInvariant() switch
    {
        "random" => MinerKind.Random,
        "semihard" => MinerKind.Semihard,
        "distance-weighted" or "distanceweighted" => MinerKind.DistanceWeighted,
        _ => throw new MipInputException($"Unknown miner '{name}': use random, semihard or distance-weighted."),
    };

}
