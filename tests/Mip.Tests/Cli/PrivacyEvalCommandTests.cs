using System.Text.Json;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public sealed class PrivacyEvalCommandTests
{
    private static (int Code, string Error) Run(params string[] args) => MipProcess.Run(args);

    [Fact]
    public void The_four_tasks_are_scored_under_both_rules_with_the_mixed_gallery_and_plots()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 6, ImagesPerClass = 6, ImageSize = 48 });
        string output = dir.File("report");
        var (code, error) = Run("eval", "--clean-model", "pretrained", "--tasks", "all", "--trigger", "badnets", "--input-size", "64",
            "--data", data, "-o", output, "--mixed-fraction", "0.25", "--cache-dir", dir.File("cache"));
        Assert.True(code == 0, error);

        foreach (var name in new[] { "report.md", "report.json", "report.csv", "recall-strict.png", "recall-paper.png", "tsne.png", "top5.png" })
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var model = json.RootElement.GetProperty("models")[0];
        Assert.True(model.GetProperty("reference").GetBoolean());
        var tasks = model.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(8, tasks.Count);
        Assert.Equal(["C->C", "C->P", "P->C", "P->P"], tasks.Select(t => t.GetProperty("task").GetString() ?? "").Distinct().ToArray());
        // The drawn test split is 3 classes x 6 images; every task searches all 18.
        Assert.All(tasks, t => Assert.Equal(18, t.GetProperty("queries").GetInt32()));
        var mixed = json.RootElement.GetProperty("mixedGallery")[0];
        Assert.Equal(5, mixed.GetProperty("protectedImages").GetInt32());
        Assert.Contains("| pretrained | P->C |", File.ReadAllText(Path.Combine(output, "report.md")));
        // The protected test copies went through the frozen stages once and were kept for the next run.
        Assert.NotEmpty(Directory.GetFiles(dir.File("cache"), "features-*.bin"));
    }

    [Theory]
    [InlineData("--tasks", "C->C,X->Y", "X->Y")]
    [InlineData("--rules", "loose", "loose")]
    [InlineData("--trigger", "glitter", "glitter")]
    public void Bad_arguments_name_the_value_and_write_nothing(string option, string value, string named)
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 32 });
        var (code, error) = Run("eval", "--clean-model", "pretrained", "--input-size", "64", "--data", data, "-o", dir.File("r"), option, value);
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains(named, error);
        Assert.False(Directory.Exists(dir.File("r")));
    }

    [Fact]
    public void A_missing_checkpoint_is_named_and_nothing_is_written()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 32 });
        string missing = dir.File("nope.ckpt");
        // The four-task evaluation and the plain one.
        foreach (string[] args in new[] { new[] { "--clean-model", "pretrained", "--input-size", "64" }, Array.Empty<string>() })
        {
            var (code, error) = Run(["eval", .. args, "--model", missing, "--data", data, "-o", dir.File("r")]);
            Assert.Equal(MipApp.InputError, code);
            Assert.Contains("nope.ckpt", error);
            Assert.False(Directory.Exists(dir.File("r")));
        }
    }

    [Fact]
    public void Validation_scores_refuse_a_model_that_trained_on_those_classes_and_plain_eval_scores_the_validation_split()
    {
        using var dir = new TempDir();
        // 8 training classes: --val-fraction 0.25 holds out 2, 0.5 holds out 4 (the 2 and two the model trained on).
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 16, ImagesPerClass = 5, ImageSize = 32 });
        string model = HeldOutCheckpoint.Save(data, dir.File("quarter.ckpt"), valFraction: "0.25", seed: "0");
        foreach (var privacy in new[] { true, false })
        {
            string[] args = ["eval", "--model", model, "--data", data, "-o", dir.File("wide"), "--split", "validation", "--val-fraction", "0.5"];
            var (code, error) = Run(privacy ? [.. args, "--clean-model", "pretrained", "--input-size", "64"] : args);
            Assert.Equal(MipApp.InputError, code);
            Assert.Contains("quarter.ckpt", error);
            Assert.Contains("--val-fraction 0.25 --seed 0", error);
            Assert.False(Directory.Exists(dir.File("wide")));
        }

        var (ok, okError) = Run("eval", "--model", model, "--data", data, "-o", dir.File("held"), "--split", "validation", "--val-fraction", "0.25");
        Assert.True(ok == 0, okError);
        string report = File.ReadAllText(Path.Combine(dir.File("held"), "report.md"));
        Assert.Contains("- protocol: validation split against itself", report);
        // The two held-out classes of five images each, not the test split's 40 images.
        Assert.Contains("- images embedded: 10", report);
    }
}
