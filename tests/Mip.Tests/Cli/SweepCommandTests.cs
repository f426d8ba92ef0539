using System.Text.Json;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public sealed class SweepCommandTests
{
    private static (int Code, string Error) Run(params string[] args) => MipProcess.Run(args);

    [Fact]
    public void A_rho_sweep_trains_each_point_against_one_clean_reference_and_writes_its_table_and_plot()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 12, ImagesPerClass = 5, ImageSize = 64 });
        string output = dir.File("sweep");
        var (code, error) = Run("sweep", "--sweep", "rho", "--values", "0.25,0.5", "--method", "pbl", "--trigger", "badnets", "--data", data,
            "--input-size", "64", "--epochs", "1", "--batch-size", "8", "--val-fraction", "0.5", "--seed", "3", "--out", output);
        Assert.True(code == 0, error);
        foreach (var name in new[] { "sweep.md", "sweep.json", "sweep.csv", "sweep.png", "clean/best.ckpt", "point-1/last.ckpt", "point-2/last.ckpt" })
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "sweep.json")));
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([0.25, 0.5], points.Select(p => p.GetProperty("poisonRatio").GetDouble()).ToArray());
        Assert.All(points, p => Assert.InRange(p.GetProperty("baRecallAt1").GetDouble(), 0, 1));
        Assert.Equal("0.5", Mip.Checkpoints.CheckpointFile.ReadMetadata(Path.Combine(output, "point-2", "last.ckpt")).Hyperparameters["poisonRatio"]);
        Assert.Contains("| rho=0.25 |", File.ReadAllText(Path.Combine(output, "sweep.md")));
    }

    [Theory]
    [InlineData("--sweep", "colour", "colour")]
    [InlineData("--values", "0.1,abc", "abc")]
    public void Bad_sweep_arguments_are_named(string option, string value, string named)
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 32 });
        string[] args = option == "--sweep"
            ? ["sweep", "--sweep", value, "--values", "0.1", "--data", data, "--out", dir.File("s")]
            : ["sweep", "--sweep", "rho", option, value, "--data", data, "--out", dir.File("s")];
        var (code, error) = Run(args);
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains(named, error);
        Assert.False(Directory.Exists(dir.File("s")));
    }

    [Fact]
    public void A_clean_model_that_trained_on_the_validation_classes_is_refused_before_anything_trains()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 12, ImagesPerClass = 5, ImageSize = 32 });
        string clean = HeldOutCheckpoint.Save(data, dir.File("clean.ckpt"), valFraction: "0.2", seed: "3");
        var (code, error) = Run("sweep", "--sweep", "rho", "--values", "0.25", "--method", "pbl", "--trigger", "badnets", "--data", data,
            "--input-size", "64", "--epochs", "1", "--val-fraction", "0.5", "--seed", "3", "--clean-model", clean, "--out", dir.File("sweep"));
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains("clean.ckpt", error);
        Assert.False(Directory.Exists(dir.File("sweep")));
    }
}
