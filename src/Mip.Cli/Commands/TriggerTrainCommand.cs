using System.ComponentModel;
using System.Globalization;
using System.Text;
using Mip.Checkpoints;
using Mip.Data;
using Mip.IO;
using Mip.Runtime;
using Mip.Triggers.Stego;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class TriggerTrainCommand : Command<TriggerTrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Data set whose training split supplies the images (e.g. the CUB subset).")]
        public string Data { get; init; } = "";

        [CommandOption("-o|--output <FILE>")]
        [Description("Checkpoint to write (weights + how they were trained).")]
        [DefaultValue("stego.mipckpt")]
        public string Output { get; init; } = "stego.mipckpt";

        [CommandOption("--minutes <M>")]
        [Description("Wall-clock training budget in minutes (schedules follow it).")]
        [DefaultValue(40.0)]
        public double Minutes { get; init; } = 40;

        [CommandOption("--steps <N>")]
        [Description("Stop after N steps even if time remains (schedules then follow whichever ends first).")]
        public int? Steps { get; init; }

        [CommandOption("--batch <N>")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        [CommandOption("--crop <PX>")]
        [Description("Side of the random training crops (multiple of 16).")]
        [DefaultValue(128)]
        public int Crop { get; init; } = 128;

        [CommandOption("--lr <RATE>")]
        [DefaultValue(2e-3)]
        public double LearningRate { get; init; } = 2e-3;

        [CommandOption("--ssim-weight <W>")]
        [DefaultValue(4.0)]
        public double SsimWeight { get; init; } = 4;

        [CommandOption("--seed <N>")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--threads <N>")]
        [Description("LibTorch threads (0 = LibTorch's default).")]
        [DefaultValue(2)]
        public int Threads { get; init; } = 2;

        [CommandOption("--downscale <N>")]
        [Description("Resolution divisor the networks and the pattern work at.")]
        [DefaultValue(4)]
        public int Downscale { get; init; } = 4;

        [CommandOption("--tile <N>")]
        [Description("Side of the message tile in downscaled pixels.")]
        [DefaultValue(16)]
        public int Tile { get; init; } = 16;

        [CommandOption("--pattern-channels <N>")]
        [Description("1 (grey pattern) or 3 (one per colour channel).")]
        [DefaultValue(1)]
        public int PatternChannels { get; init; } = 1;

        [CommandOption("--encoder-channels <N>")]
        [Description("Channels of the encoder's gain network (a multiple of 16).")]
        [DefaultValue(16)]
        public int EncoderChannels { get; init; } = 16;

        [CommandOption("--decoder-channels <N>")]
        [Description("Channels of the decoder's convolutions (a multiple of 16).")]
        [DefaultValue(16)]
        public int DecoderChannels { get; init; } = 16;

        [CommandOption("--psnr-range <LOW,HIGH>")]
        [Description("Final range of training strengths (target PSNR, dB).")]
        [DefaultValue("34,38")]
        public string PsnrRange { get; init; } = "34,38";

        [CommandOption("--validate-every <N>")]
        [DefaultValue(250)]
        public int ValidateEvery { get; init; } = 250;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(settings.Data)) throw new MipInputException("Give the training data with --data PATH.");
        var options = new StegoTrainingOptions
        {
            Seed = settings.Seed,
            TimeBudget = TimeSpan.FromMinutes(settings.Minutes),
            MaxSteps = settings.Steps,
            BatchSize = settings.Batch,
            CropSize = settings.Crop,
            LearningRate = settings.LearningRate,
            SsimWeight = settings.SsimWeight,
            ValidateEvery = settings.ValidateEvery,
            FinalPsnrLow = ParseRange(settings.PsnrRange).Low,
            FinalPsnrHigh = ParseRange(settings.PsnrRange).High,
            Architecture = StegoArchitecture.Default with
            {
                Downscale = settings.Downscale,
                TileSize = settings.Tile,
                PatternChannels = settings.PatternChannels,
                EncoderChannels = settings.EncoderChannels,
                DecoderChannels = settings.DecoderChannels,
            },
        };
        try
        {
            options.Validate();
            options.Architecture.Validate();
        }
        catch (ArgumentException e)
        {
            throw new MipInputException("Bad training option: " + e.Message, e);
        }
        if (settings.Threads < 0) throw new MipInputException($"--threads must be 0 (LibTorch's default) or more, not {settings.Threads}.");
        AtomicFile.RequireFolder(settings.Output);
        TorchRuntime.UseThreads(settings.Threads);

        Dataset dataset = DatasetReaders.Open(settings.Data);
        StegoTrainingData data = null!;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("decoding training images", maxValue: dataset.Train.Count);
            data = StegoTrainingData.Load(dataset, progress: new Progress<int>(n => task.Value = n), cancellation: cancellation);
            task.Value = dataset.Train.Count;
        });
        Console.WriteLine($"{data.Training.Count} training and {data.Validation.Count} validation images from {dataset.Name} ({dataset.Train.ClassCount} classes)");

        var logPath = settings.Output + ".log.csv";
        var log = new StringBuilder("step,seconds,fraction,lr,loss,bit_loss,ssim,bit_accuracy,seconds_per_step,val_psnr,val_ssim,val_bits_png,val_recovered_png,val_bits_jpeg,val_recovered_jpeg,val_false_positive\n");
        var started = DateTimeOffset.UtcNow;
        var trainer = new StegoTrainer(options);
        StegoTrainingResult result = trainer.Train(data.Training, data.Validation, new InlineProgress<StegoTrainingProgress>(row =>
        {
            var v = row.Validation;
            log.AppendLine(string.Join(',', new[]
            {
                row.Step.ToString(CultureInfo.InvariantCulture), F(row.Elapsed.TotalSeconds), F(row.Fraction), F(row.LearningRate), F(row.Loss), F(row.BitLoss), F(row.Ssim),
                F(row.BitAccuracy), F(row.SecondsPerStep), F(v?.MeanPsnr), F(v?.MeanSsim), F(v?.BitAccuracyLossless), F(v?.RecoveredLossless),
                F(v?.BitAccuracyJpeg), F(v?.RecoveredJpeg), F(v?.FalsePositivesClean),
            }));
            string line = FormattableString.Invariant(
                $"step {row.Step,6} {row.Elapsed:hh\\:mm\\:ss} lr {row.LearningRate:0.00e0} loss {row.Loss:0.0000} bce {row.BitLoss:0.0000} ssim {row.Ssim:0.0000} bits {row.BitAccuracy:0.0000} {row.SecondsPerStep:0.000}s/step");
            if (v is not null)
                line += FormattableString.Invariant(
                    $" | val {v.MeanPsnr:0.00} dB ssim {v.MeanSsim:0.0000} png {v.BitAccuracyLossless:0.0000}/{v.RecoveredLossless:P1} jpeg75 {v.BitAccuracyJpeg:0.0000}/{v.RecoveredJpeg:P1} fp {v.FalsePositivesClean:P1}");
            Console.WriteLine(line);
        }), cancellation);

        var notes = new Dictionary<string, string>
        {
            ["command"] = "mip " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            ["steps"] = result.Steps.ToString(CultureInfo.InvariantCulture),
            ["trainingSeconds"] = F(result.Elapsed.TotalSeconds),
            ["startedUtc"] = started.ToString("O"),
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["trainingImages"] = data.Training.Count.ToString(CultureInfo.InvariantCulture),
            ["validationImages"] = data.Validation.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (result.FinalValidation is { } fv)
        {
            notes["validation"] = FormattableString.Invariant(
                $"at {fv.TargetPsnr} dB on {fv.Images} held-out training-class images: PSNR {fv.MeanPsnr:0.00}, SSIM {fv.MeanSsim:0.0000}, recovered {fv.RecoveredLossless:P1} lossless, {fv.RecoveredJpeg:P1} after JPEG {fv.JpegQuality}, false positives {fv.FalsePositivesClean:P1}");
        }
        var metadata = new CheckpointMetadata
        {
            Backbone = StegoArchitecture.Name,
            EmbeddingSize = options.Architecture.MessageBits,
            InputSize = options.CropSize,
            Preprocessing = "RGB in [0,1]; networks run at 1/2 resolution; residual RMS set by the target PSNR",
            Method = StegoModel.CheckpointMethod,
            Dataset = $"{dataset.Name} train split at {dataset.Root}: {data.Training.Count} images of {data.ClassCount} classes (every 70th held out for validation)",
            Hyperparameters = new Dictionary<string, string>(options.ToDictionary())
            {
                ["train.threads"] = TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
            },
            Epoch = 0,
            Notes = notes,
        };
        StegoModel.Save(result.Network, settings.Output, metadata);
        AtomicFile.WriteAllText(logPath, log.ToString());
        Console.WriteLine($"wrote {settings.Output} ({new FileInfo(settings.Output).Length / 1024.0:0} KiB) and {logPath} after {result.Steps} steps in {result.Elapsed:hh\\:mm\\:ss}");
        return 0;
    }

    private static (double Low, double High) ParseRange(string text)
    {
        var parts = text.Split(',');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high))
            return (low, high);
        throw new MipInputException($"--psnr-range '{text}' is not two numbers like 34,38.");
    }

    private static string F(double? value) => value is double v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    /// <summary>Reports on the calling thread (System.Progress would post to the thread pool and reorder lines).</summary>
}
