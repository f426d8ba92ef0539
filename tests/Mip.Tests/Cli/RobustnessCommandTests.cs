using System.Text.Json;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public sealed class RobustnessCommandTests
{
    private static (int Code, string Error) Run(params string[] args) => MipProcess.Run(args);

    private static (string Data, string Clean, string Pbl) Trained(TempDir dir)
    {
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 64 });
        foreach (var method in new[] { "clean", "pbl" })
        {
            var (code, error) = Run("train", "--data", data, "--out", dir.File(method), "--method", method, "--trigger", "badnets", "--input-size", "64",
                "--epochs", "1", "--batch-size", "8", "--val-fraction", "0", "--seed", "3");
            Assert.True(code == 0, error);
        }
        return (data, dir.File("clean/last.ckpt"), dir.File("pbl/last.ckpt"));
    }

    [Fact]
    public void Filters_pruning_and_hdm_are_measured_and_reported()
    {
        using var dir = new TempDir();
        var (data, clean, pbl) = Trained(dir);
        string output = dir.File("robustness");
        var (code, error) = Run("robustness", "--clean-model", clean, "--model", pbl, "--data", data, "--trigger", "badnets",
            "--filters", "median-3,nlmeans", "--ratios", "0,0.5", "--fine-tune-epochs", "1", "--hdm-classes", "1", "--hdm-iterations", "2", "--clean-images", "8", "-o", output);
        Assert.True(code == 0, error);
        foreach (var name in new[] { "robustness.md", "robustness.json", "robustness.csv", "filters.png", "pruning.png" })
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "robustness.json")));
        var filters = json.RootElement.GetProperty("filters").EnumerateArray().Select(r => r.GetProperty("condition").GetString() ?? "").ToArray();
        Assert.Equal(["none", "median-3", "nlmeans-h10"], filters);
        var pruning = json.RootElement.GetProperty("pruning").EnumerateArray().ToList();
        // Prune only, then prune and fine-tune on clean images: two curves of two ratios.
        Assert.Equal(4, pruning.Count);
        Assert.StartsWith("prune 50% (256 of 512)", pruning[1].GetProperty("condition").GetString());
        Assert.Equal("pbl + fine-tune", pruning[3].GetProperty("model").GetString());
        Assert.False(Directory.Exists(Path.Combine(output, "fine-pruning-work", "pbl")));
        var hdm = json.RootElement.GetProperty("hdm");
        Assert.Equal(4, hdm.GetProperty("images").GetInt32());
        // The budget of 8/255 bounds every pixel's change: PSNR at least 20 log10(255 / 8) = 30.1 dB, and the image moved.
        Assert.InRange(hdm.GetProperty("meanPsnr").GetDouble(), 30, 60);

        // The report can be redrawn from its JSON alone, to the same Markdown.
        string markdown = File.ReadAllText(Path.Combine(output, "robustness.md"));
        File.Delete(Path.Combine(output, "filters.png"));
        var (redraw, redrawError) = Run("report", "robustness", "--input", output);
        Assert.True(redraw == 0, redrawError);
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(output, "robustness.md")));
        Assert.True(File.Exists(Path.Combine(output, "filters.png")));
    }

    [Theory]
    [InlineData("--filters", "median-4", "odd")]
    [InlineData("--ratios", "0,1.5", "1.5")]
    public void Bad_filter_and_ratio_arguments_fail_before_any_work(string option, string value, string named)
    {
        using var dir = new TempDir();
        var (code, error) = Run("robustness", "--clean-model", dir.File("c.ckpt"), "--model", dir.File("p.ckpt"), "--data", dir.Path, option, value, "-o", dir.File("r"));
        Assert.Equal(MipApp.InputError, code);
        Assert.Contains(named, error);
        Assert.False(Directory.Exists(dir.File("r")));
    }
}
