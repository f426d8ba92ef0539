using System.Text.Json;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public class TrainAndEvalCommandTests
{
    [Fact]
    public void TrainRejectsUnknownMethodsWithInputErrorCode()
    {
        using var dir = new TempDir();
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(MipApp.InputError, MipApp.Run(["train", "--data", dir.Path, "--out", dir.File("run"), "--method", "magic"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("'magic'", error.ToString());
        Assert.Contains("pbl, cbl or baseline", error.ToString());
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
    public void InputSizesTheCntkResNetCannotRunAreRejectedUpFront()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 2, ImagesPerClass = 2, ImageSize = 32 });
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            Assert.Equal(MipApp.InputError, MipApp.Run(["eval", "--model", "pretrained", "--input-size", "112", "--data", data, "-o", dir.File("r")]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("multiple of 32", error.ToString());
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

    [Fact]
    public void DetachCleanIsRecordedInTheCheckpoint()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        string run = dir.File("run");
        Assert.Equal(0, MipApp.Run(["train", "--data", data, "--out", run, "--method", "cbl", "--trigger", "badnets", "--input-size", "64",
            "--epochs", "1", "--batch-size", "8", "--val-fraction", "0.25", "--seed", "3", "--detach-clean"]));

        var metadata = Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(run, "last.ckpt"));
        Assert.Equal("detached", metadata.Hyperparameters["cleanInPrivacyTerms"]);
    }
}
