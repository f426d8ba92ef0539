using System.Text.Json;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public class TrainAndEvalCommandTests
{
    [Theory]
    [InlineData("magic", "pbl, cbl or baseline", "--method", "magic")]
    [InlineData("step", "constant or cosine", "--lr-schedule", "step")]
    [InlineData("easiest", "random or hardest", "--method", "pbl", "--poison-selection", "easiest")]
    public void TrainRejectsUnknownChoicesWithInputErrorCodeBeforeWritingAnything(string value, string choices, params string[] arguments)
    {
        using var dir = new TempDir();
        var (code, error) = MipProcess.Run(["train", "--data", dir.Path, "--out", dir.File("run"), .. arguments]);
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains($"'{value}'", error);
        Assert.Contains(choices, error);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void EvalWritesMarkdownJsonCsvAndPlotForTheTestSplit()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 6, ImagesPerClass = 4, ImageSize = 48 });
        string output = dir.File("report");
        Assert.Equal(0, MipApp.Run(["eval", "--model", "pretrained", "--input-size", "64", "--data", data, "-o", output, "--name", "fresh"]));

        foreach (var name in new[] { "report.md", "report.json", "report.csv", "recall.png" })
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var entry = json.RootElement.GetProperty("entries")[0];
        Assert.Equal("fresh", entry.GetProperty("name").GetString());
        Assert.Equal(12, entry.GetProperty("queries").GetInt32());
        double r1 = entry.GetProperty("recallAtK").GetProperty("1").GetDouble(), r8 = entry.GetProperty("recallAtK").GetProperty("8").GetDouble();
        Assert.InRange(r1, 0, 1);
        Assert.True(r8 >= r1);
        Assert.Contains("| fresh |", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void EvalOfATestSplitTooSmallForRecallAt8NamesTheProblemAndLeavesNoReportFolder()
    {
        using var dir = new TempDir();
        // Two test classes of three images: five neighbours per query, not eight.
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 32 });
        var (code, error) = MipProcess.Run("eval", "--model", "pretrained", "--input-size", "64", "--data", data, "-o", dir.File("report"));
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains("Recall@8", error);
        Assert.False(Directory.Exists(dir.File("report")));
    }

    [Fact]
    public void EvalRefusesAdaptiveStrengthOutsideThePrivacyEvaluation()
    {
        using var dir = new TempDir();
        var (code, error) = MipProcess.Run("eval", "--model", "pretrained", "--data", dir.Path, "-o", dir.File("r"), "--min-shift", "0.5");
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains("only the privacy evaluation", error);
        Assert.False(Directory.Exists(dir.File("r")));
    }

    [Fact]
    public void InputSizesTheCntkResNetCannotRunAreRejectedUpFront()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 2, ImagesPerClass = 2, ImageSize = 32 });
        var (code, error) = MipProcess.Run("eval", "--model", "pretrained", "--input-size", "112", "--data", data, "-o", dir.File("r"));
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains("multiple of 32", error);
    }

    [Fact]
    public void TheTrainingLineCountsTheClassesThatTrainNotTheWholeTrainingSplit()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 12, ImagesPerClass = 4, ImageSize = 64 });
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, MipApp.Run(["train", "--data", data, "--out", dir.File("run"), "--input-size", "64", "--epochs", "1",
                "--batch-size", "8", "--val-fraction", "0.34", "--seed", "3"]));
        }
        finally
        {
            Console.SetOut(previous);
        }
        var train = Mip.Data.DatasetReaders.Open(data).Train;
        var (trained, held) = Mip.Learning.Training.ValidationSplit.Carve(train.Images, 0.34, 3);
        Assert.True(held.Count > 0 && trained.Count < train.Count);
        Assert.Contains($"({trained.Count} images of {train.ClassCount - held.Select(r => r.Label).Distinct().Count()} training classes; " +
            $"{held.Count} images of {held.Select(r => r.Label).Distinct().Count()} classes held out for validation)", output.ToString());
    }

    [Theory]
    [InlineData("pbl", "beta")]
    [InlineData("cbl", "lambda")]
    [InlineData("baseline", "poisonRatio")]
    public void BackdoorMethodsTrainAndRecordTheirSettings(string method, string hyperparameter)
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        string run = dir.File("run");
        Assert.Equal(0, MipApp.Run(["train", "--data", data, "--out", run, "--method", method, "--trigger", "badnets", "--input-size", "64",
            "--epochs", "1", "--batch-size", "8", "--poison-ratio", "0.5", "--val-fraction", "0.25", "--seed", "3"]));

        var metadata = Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(run, "last.ckpt"));
        Assert.Equal(method, metadata.Method);
        Assert.Equal("badnets", metadata.Hyperparameters["trigger"]);
        Assert.True(metadata.Hyperparameters.ContainsKey(hyperparameter), string.Join(", ", metadata.Hyperparameters.Keys));
        Assert.Equal("0.5", metadata.Hyperparameters["poisonRatio"]);
    }

    [Theory]
    [InlineData("--detach-clean", "cleanInPrivacyTerms", "detached")]
    [InlineData("--poison-selection=hardest", "poisonSelection", "hardest")]
    [InlineData("--privacy-margin=0.5", "privacyMargin", "0.5")]
    public void PrivacyTermOptionsAreRecordedInTheCheckpoint(string option, string key, string value)
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        string run = dir.File("run");
        Assert.Equal(0, MipApp.Run(["train", "--data", data, "--out", run, "--method", "cbl", "--trigger", "badnets", "--input-size", "64",
            "--epochs", "1", "--batch-size", "8", "--val-fraction", "0.25", "--seed", "3", option]));

        var metadata = Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(run, "last.ckpt"));
        Assert.Equal(value, metadata.Hyperparameters[key]);
    }

    [Fact]
    public void TheBaselineRefusesTheHardestTripletChoice()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        var (code, error) = MipProcess.Run("train", "--data", data, "--out", dir.File("run"), "--method", "baseline", "--trigger", "badnets",
            "--input-size", "64", "--poison-selection", "hardest");
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains("pbl and cbl only", error);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Theory]
    [InlineData("pbl", "--privacy-margin", "-0.1", "--privacy-margin must be zero or more")]
    [InlineData("pbl", "--privacy-margin", "NaN", "--privacy-margin must be zero or more")]
    [InlineData("baseline", "--privacy-margin", "0.5", "pbl and cbl only")]
    [InlineData("pbl", "--centre-weight", "-1", "--centre-weight must be zero or more")]
    [InlineData("pbl", "--centre-weight", "Infinity", "--centre-weight must be zero or more")]
    [InlineData("cbl", "--centre-weight", "1", "pbl only")]
    [InlineData("pbl", "--decorrelation-weight", "-0.5", "--decorrelation-weight must be zero or more")]
    [InlineData("cbl", "--decorrelation-weight", "1", "pbl only")]
    public void BadPrivacyTermSettingsAreRefusedBeforeWritingAnything(string method, string option, string value, string message)
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        var (code, error) = MipProcess.Run("train", "--data", data, "--out", dir.File("run"), "--method", method, "--trigger", "badnets",
            "--input-size", "64", option, value);
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void ACentreWeightIsRecordedInAPblCheckpointWithItsCentres()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        string run = dir.File("run");
        Assert.Equal(0, MipApp.Run(["train", "--data", data, "--out", run, "--method", "pbl", "--trigger", "badnets", "--input-size", "64",
            "--epochs", "2", "--batch-size", "8", "--val-fraction", "0.25", "--seed", "3", "--centre-weight", "0.5", "--recompute-centres"]));

        var hyperparameters = Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(run, "last.ckpt")).Hyperparameters;
        Assert.Equal("0.5", hyperparameters["centreWeight"]);
        Assert.Equal("recomputed each epoch", hyperparameters["centres"]);
    }

    [Fact]
    public void StartFromContinuesFromTheGivenModelAndRecordsIt()
    {
        using var dir = new TempDir();
        // Six validation classes, so that their MAP@R is not already perfect and can show which weights were scored.
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 24, ImagesPerClass = 4, ImageSize = 64 });
        string[] common = ["--data", data, "--input-size", "64", "--epochs", "1", "--batch-size", "8", "--val-fraction", "0.5", "--seed", "3"];
        string served = dir.File("served"), tuned = dir.File("tuned");
        Assert.Equal(0, MipApp.Run(["train", .. common, "--out", served, "--lr", "1e-3", "--head-lr", "1e-2"]));
        Assert.Equal(0, MipApp.Run(["train", .. common, "--out", tuned, "--method", "pbl", "--trigger", "badnets",
            "--start-from", Path.Combine(served, "last.ckpt")]));

        // Epoch 0 of the second run scores the weights it starts from: those the first run ended with.
        static string[] Row(string run, int epoch) => File.ReadAllLines(Path.Combine(run, "history.csv"))[1 + epoch].Split(',');
        // MAP@R (column 3) moved during the first run, so equality can only come from the loaded weights.
        Assert.NotEqual(Row(served, 0)[3], Row(served, 1)[3]);
        Assert.Equal(Row(served, 1)[2..4], Row(tuned, 0)[2..4]);
        var notes = Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(tuned, "last.ckpt")).Notes;
        Assert.Contains("(clean, epoch 1)", notes["startedFrom"]);
    }

    [Fact]
    public void AnAnchoredRunKeepsCleanEmbeddingsNearerTheReferenceModelThanAnUnanchoredOne()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 12, ImagesPerClass = 4, ImageSize = 64 });
        string[] common = ["--data", data, "--input-size", "64", "--epochs", "1", "--batch-size", "8", "--val-fraction", "0.25", "--seed", "3",
            "--cache-dir", dir.File("cache")];
        string served = dir.File("served"), free = dir.File("free"), anchored = dir.File("anchored");
        string reference = Path.Combine(served, "last.ckpt");
        Assert.Equal(0, MipApp.Run(["train", .. common, "--out", served, "--lr", "1e-3", "--head-lr", "1e-2"]));
        string[] tuned = ["train", .. common, "--method", "pbl", "--trigger", "badnets", "--poison-ratio", "0.5", "--lr", "1e-4", "--head-lr", "1e-3", "--epochs", "3", "--start-from", reference];
        Assert.Equal(0, MipApp.Run([.. tuned, "--out", free]));
        Assert.Equal(0, MipApp.Run([.. tuned, "--out", anchored, "--anchor-to", reference, "--anchor-weight", "50"]));

        // Mean squared distance between each tuned model's and the reference's embeddings of the training images.
        var images = new Mip.Learning.Training.TrainingImages(Mip.Data.DatasetReaders.Open(data).Train.Images, 64);
        double Drift(string run)
        {
            var (a, _) = Mip.Models.EmbeddingModelCheckpoint.Load(reference);
            var (b, _) = Mip.Models.EmbeddingModelCheckpoint.Load(Path.Combine(run, "last.ckpt"));
            using (a)
            using (b)
            {
                using var ea = Mip.Learning.Training.Trainer.EmbedForEvaluation(a, images, null, 16);
                using var eb = Mip.Learning.Training.Trainer.EmbedForEvaluation(b, images, null, 16);
                return (ea - eb).square().sum(1).mean().item<float>();
            }
        }
        double freeDrift = Drift(free), anchoredDrift = Drift(anchored);
        Assert.True(anchoredDrift < freeDrift / 4, $"anchored drift {anchoredDrift} against {freeDrift} unanchored");
        var hyper = Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(anchored, "last.ckpt")).Hyperparameters;
        Assert.Equal("50", hyper["anchorWeight"]);
        Assert.Contains("sha256 " + Mip.Checkpoints.CheckpointFile.Digest(reference), hyper["anchorTo"]);
        Assert.DoesNotContain("anchorWeight", Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(free, "last.ckpt")).Hyperparameters.Keys);
    }

    // Four classes of two 32-px images, and an untrained 64-px model saved as served.ckpt beside them.
    private static string TinyDataAndServedModel(TempDir dir)
    {
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 2, ImageSize = 32 });
        using var model = Mip.Models.EmbeddingModelFactory.Create(new Mip.Models.EmbeddingModelOptions { InputSize = 64 });
        Mip.Models.EmbeddingModelCheckpoint.Save(dir.File("served.ckpt"), model, Mip.Models.EmbeddingModelCheckpoint.DescribeArchitecture(model));
        return data;
    }

    [Fact]
    public void BadAnchorOptionsAreRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        string data = TinyDataAndServedModel(dir);
        string[] run = ["train", "--data", data, "--out", dir.File("run"), "--method", "pbl", "--trigger", "badnets"];
        var noReference = MipProcess.Run([.. run, "--input-size", "64", "--anchor-weight", "2"]);
        var zero = MipProcess.Run([.. run, "--input-size", "64", "--anchor-to", dir.File("served.ckpt"), "--anchor-weight", "0"]);
        var missing = MipProcess.Run([.. run, "--input-size", "64", "--anchor-to", dir.File("nothing.ckpt")]);
        var otherSize = MipProcess.Run([.. run, "--input-size", "96", "--anchor-to", dir.File("served.ckpt")]);
        var augmented = MipProcess.Run([.. run, "--input-size", "64", "--anchor-to", dir.File("served.ckpt"), "--augment"]);
        foreach (var result in new[] { noReference, zero, missing, otherSize, augmented }) Assert.Equal(MipApp.InputError, result.Code);
        Assert.Contains("--anchor-to", noReference.Error);
        Assert.Contains("positive", zero.Error);
        Assert.Contains("nothing.ckpt", missing.Error);
        Assert.Contains("served.ckpt", otherSize.Error);
        Assert.Contains("64 px", otherSize.Error);
        Assert.Contains("--augment", augmented.Error);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void StartFromAModelOfAnotherInputSizeIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        string data = TinyDataAndServedModel(dir);
        var otherSize = MipProcess.Run("train", "--data", data, "--out", dir.File("run"), "--input-size", "96", "--start-from", dir.File("served.ckpt"));
        var clash = MipProcess.Run("train", "--data", data, "--out", dir.File("run"), "--weights", dir.File("served.ckpt"), "--start-from", dir.File("served.ckpt"));
        Assert.Equal(MipApp.InputError, otherSize.Code);
        Assert.Equal(MipApp.InputError, clash.Code);
        Assert.Contains("served.ckpt", otherSize.Error);
        Assert.Contains("64 px", otherSize.Error);
        Assert.Contains("give one", clash.Error);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void KeptEpochsAverageIntoOneCheckpointAndBadListsExitWithInputError()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 2, ImageSize = 48 });
        string run = dir.File("run");
        Assert.Equal(0, MipApp.Run(["train", "--data", data, "--out", run, "--input-size", "64", "--epochs", "2", "--batch-size", "8",
            "--lr", "1e-3", "--keep-epochs"]));
        string first = Path.Combine(run, "epoch-001.ckpt"), second = Path.Combine(run, "epoch-002.ckpt");

        Assert.Equal(0, MipApp.Run(["average", first, second, "--out", dir.File("averaged.ckpt")]));
        Assert.Equal("epoch-001.ckpt (epoch 1), epoch-002.ckpt (epoch 2)",
            Mip.Checkpoints.CheckpointFile.ReadMetadata(dir.File("averaged.ckpt")).Notes["averagedFrom"]);

        var one = MipProcess.Run("average", first, "--out", dir.File("one.ckpt"));
        var noFolder = MipProcess.Run("average", first, second, "--out", dir.File("nowhere/avg.ckpt"));
        var missing = MipProcess.Run("average", first, dir.File("missing.ckpt"), "--out", dir.File("two.ckpt"));
        Assert.Equal(MipApp.InputError, one.Code);
        Assert.Equal(MipApp.InputError, noFolder.Code);
        Assert.Equal(MipApp.InputError, missing.Code);
        Assert.Contains("at least two", one.Error);
        Assert.Contains("nowhere", noFolder.Error);
        Assert.Contains("missing.ckpt", missing.Error);
        Assert.False(File.Exists(dir.File("one.ckpt")));
        Assert.False(File.Exists(dir.File("two.ckpt")));
    }
}
