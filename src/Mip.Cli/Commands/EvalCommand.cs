using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mip.Data;
using Mip.Evaluation;
using Mip.Evaluation.Reports;
using Mip.Evaluation.Search;
using Mip.IO;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace Mip.Cli.Commands;

public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : TriggerChoiceSettings
    {
        [CommandOption("-m|--model <MODEL>")]
        [Description("A checkpoint file, or 'pretrained' for the ImageNet ResNet-18 with a fresh seeded 512-d head. Repeat it to score several models on the four tasks.")]
        public string[] Models { get; init; } = [];

        public string Model => Models.Length == 0 ? ModelArgument.Pretrained : Models[0];

        [CommandOption("--clean-model <MODEL>")]
        [Description("The clean model whose C->C is M_clean in PSR (Eq. 10); turns on the four-task privacy evaluation.")]
        public string? CleanModel { get; init; }

        [CommandOption("--tasks <LIST>")]
        [Description("all, or a list of C->C, C->P, P->C, P->P: the privacy tasks (query -> gallery; P = protected copies).")]
        public string? Tasks { get; init; }



        [CommandOption("--rules <LIST>")]
        [Description("Exclusion rules of the tasks: strict (own source image excluded by id), paper (first neighbour dropped), or both.")]
        [DefaultValue("strict,paper")]
        public string Rules { get; init; } = "strict,paper";

        [CommandOption("--split <SPLIT>")]
        [Description("test, or validation: the classes held out of the training split as mip train does (--val-fraction, --seed), for choosing hyperparameters; a model that trained on any of them is refused.")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("--val-fraction <F>")]
        [Description("With --split validation: the fraction of training classes held out, as given to mip train.")]
        [DefaultValue(0.2)]
        public double ValidationFraction { get; init; } = 0.2;

        [CommandOption("--mixed-fraction <F>")]
        [Description("Protected fraction of the mixed gallery (0 skips it).")]
        [DefaultValue(0.1)]
        public double MixedFraction { get; init; } = 0.1;

        [CommandOption("--freeze-stages <K>")]
        [Description("Stages whose output is cached (as mip train's option; it changes speed, not results).")]
        [DefaultValue(3)]
        public int FreezeStages { get; init; } = 3;

        [CommandOption("--no-pictures")]
        [Description("Skip the t-SNE map (tsne.png) and the top-5 picture (top5.png).")]
        public bool NoPictures { get; init; }

        [CommandOption("--cache-dir <DIR>")]
        [Description("Keep the frozen stages' output of clean and protected images here between runs.")]
        public string? CacheDir { get; init; }

        [CommandOption("--data <PATH>")]
        [Description("Data set folder.")]
        public string Data { get; init; } = "";

        [CommandOption("--protocol <P>")]
        [Description("self: the test split searched against itself, each query's own image excluded (CUB, Cars, SOP); query-gallery: In-Shop's query split against its gallery split.")]
        [DefaultValue("self")]
        public string Protocol { get; init; } = "self";

        [CommandOption("-o|--output <DIR>")]
        [Description("Folder for report.md, report.json, report.csv and recall.png.")]
        public string Output { get; init; } = "";

        [CommandOption("--name <NAME>")]
        [Description("Row name in the report (default: the model argument).")]
        public string? Name { get; init; }

        [CommandOption("--input-size <PX>")]
        [Description("Input size of the pretrained model (checkpoints carry their own).")]
        public int? InputSize { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the pretrained model's fresh head.")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("--kmeans-seed <N>")]
        [DefaultValue(0)]
        public int KMeansSeed { get; init; }

        [CommandOption("--batch-size <N>")]
        [DefaultValue(32)]
        public int BatchSize { get; init; } = 32;

        [CommandOption("--device <DEVICE>")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--shift-model <CKPT>")]
        [Description("Adaptive strength (not in the paper): the tuned model that measures how far it moves each protected copy; with --min-shift.")]
        public string? ShiftModel { get; init; }

        [CommandOption("--min-shift <D>")]
        [Description("Adaptive strength: a copy the --shift-model moves less than D (squared distance of unit embeddings) is remade at the next --stronger strength. Choose D on validation classes (mip eval --split validation: shift, 10th percentile).")]
        public double? MinShift { get; init; }

        [CommandOption("--stronger <DB,...>")]
        [Description("Adaptive strength: stego strengths tried in turn after the first, strongest last (default 29,27).")]
        public string? Stronger { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data)) return ValidationResult.Error("--data is required.");
            if (string.IsNullOrWhiteSpace(Output)) return ValidationResult.Error("-o|--output is required.");
            if (BatchSize < 1) return ValidationResult.Error("--batch-size must be at least 1.");
            if (!PrivacyMode && Models.Length > 1) return ValidationResult.Error("Several --model values need the privacy evaluation (--clean-model or --tasks).");
            if (!PrivacyMode && (ShiftModel is not null || MinShift is not null || Stronger is not null))
                return ValidationResult.Error("--shift-model, --min-shift and --stronger make protected copies, which only the privacy evaluation (--clean-model or --tasks) uses.");
            if (MixedFraction < 0 || MixedFraction >= 1) return ValidationResult.Error("--mixed-fraction must be at least 0 and below 1.");
            if (ValidationFraction <= 0 || ValidationFraction >= 1) return ValidationResult.Error("--val-fraction must be between 0 and 1.");
            if (FreezeStages < -1) return ValidationResult.Error("--freeze-stages must be -1 or more.");
            if (Split is not ("test" or "validation")) return ValidationResult.Error("--split must be test or validation.");
            return ValidationResult.Success();
        }

        public bool PrivacyMode => CleanModel is not null || Tasks is not null;

        /// <summary>
        /// The training classes held out by --val-fraction and --seed, after checking that no model given trained on
        /// them.
        /// </summary>
        public DatasetSplit ValidationClasses(Dataset dataset)
        {
            var checkpoints = Models.Append(CleanModel).OfType<string>()
                .Where(m => !string.Equals(m, ModelArgument.Pretrained, StringComparison.OrdinalIgnoreCase));
            var images = ValidationSplit.HeldOutFor(dataset, ValidationFraction, Seed, checkpoints);
            if (images.Count == 0) throw new MipInputException($"The validation split of {dataset.Name} is empty: raise --val-fraction.");
            return new DatasetSplit("validation", images);
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (settings.PrivacyMode) return PrivacyEvaluationCommand.Run(settings);
        var dataset = DatasetReaders.Open(settings.Data);
        string protocolName = settings.Protocol.Trim().ToLowerInvariant();
        if (protocolName is not ("self" or "query-gallery"))
            throw new MipInputException($"Unknown protocol '{settings.Protocol}': use self or query-gallery (cross-set protocols need triggered images and come with the backdoor evaluation).");
        if (settings.Split == "validation" && protocolName != "self")
            throw new MipInputException("--split validation scores the held-out training classes against themselves: use --protocol self.");
        if (!string.Equals(settings.Model, ModelArgument.Pretrained, StringComparison.OrdinalIgnoreCase) && settings.InputSize is not null)
            throw new MipInputException("--input-size applies to the pretrained model only; a checkpoint records its own input size.");
        var validation = settings.Split == "validation" ? settings.ValidationClasses(dataset) : null;
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var model = ModelArgument.Load(settings.Model, device, settings.InputSize, settings.Seed);
        var embedder = new Mip.Models.ImageEmbedder(model, settings.BatchSize);
        var clock = Stopwatch.StartNew();
        RetrievalScores scores;
        int imageCount;
        var evaluationOptions = new RetrievalEvaluationOptions { KMeansSeed = settings.KMeansSeed };
        using (var scope = NewDisposeScope())
        {
            if (protocolName == "self")
            {
                var split = validation ?? dataset.Test;
                var set = Embed(embedder, split, validation is null ? "test split" : "validation classes");
                scores = RetrievalEvaluator.EvaluateSelf(set, evaluationOptions);
                imageCount = split.Count;
            }
            else
            {
                var queries = Embed(embedder, dataset.Query, "query split");
                var gallery = Embed(embedder, dataset.Gallery, "gallery split");
                scores = RetrievalEvaluator.Evaluate(queries, gallery, SearchProtocol.QueryGallery, evaluationOptions);
                imageCount = dataset.Query.Count + dataset.Gallery.Count;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;

        var facts = new List<KeyValuePair<string, string>>
        {
            new("model", settings.Model),
            new("backbone", EmbeddingModelCheckpoint.BackboneId(model.Backbone.Kind)),
            new("input size", model.InputSize.ToString(CultureInfo.InvariantCulture)),
            new("data", $"{dataset.Name} at {dataset.Root}"),
            new("protocol", protocolName == "self" ? $"{settings.Split} split against itself, query's own image excluded" : "query split against gallery split"),
            new("images embedded", imageCount.ToString(CultureInfo.InvariantCulture)),
            new("embedding and scoring time", $"{seconds:F1} s"),
            new("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
        };
        var report = new EvaluationReport($"Retrieval on {dataset.Name}", facts, [new ReportEntry(settings.Name ?? settings.Model, scores)]);
        // Only once everything is scored, so a bad input found on the way leaves no empty report folder behind.
        Directory.CreateDirectory(settings.Output);
        MarkdownReportWriter.Write(Path.Combine(settings.Output, "report.md"), report);
        JsonReportWriter.Write(Path.Combine(settings.Output, "report.json"), report);
        CsvReportWriter.Write(Path.Combine(settings.Output, "report.csv"), report);
        RecallPlotWriter.Write(Path.Combine(settings.Output, "recall.png"), report);
        Console.Write(MarkdownReportWriter.Format(report));
        Console.WriteLine($"wrote report.md, report.json, report.csv and recall.png to {settings.Output}");
        return 0;
    }

    private static EmbeddingSet Embed(Mip.Models.ImageEmbedder embedder, DatasetSplit split, string name)
    {
        var paths = split.Images.Select(i => i.Path).ToArray();
        float[] vectors = embedder.Embed(paths);
        int dim = embedder.Model.EmbeddingSize;
        Tensor matrix = tensor(vectors, [paths.Length, dim]).clone();
        return new EmbeddingSet(matrix, split.Labels.ToArray(), split.Images.Select(i => (long)i.Id).ToArray(), name);
    }
}
