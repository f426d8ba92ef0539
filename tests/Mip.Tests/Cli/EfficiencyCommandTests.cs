using System.Text.Json;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public sealed class EfficiencyCommandTests
{
    [Fact]
    public void Every_method_is_timed_on_the_same_images_and_hdm_is_the_slowest()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 64 });
        string output = dir.File("eff");
        Assert.Equal(0, MipApp.Run(["bench", "efficiency", "--data", data, "--images", "3", "--size", "64", "--hdm-iterations", "3", "-o", output]));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "efficiency.json")));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(3, r.GetProperty("Images").GetInt32()));
        Assert.StartsWith("HDM", rows[3].GetProperty("Method").GetString());
        // Three forward and backward passes cost more than drawing a patch.
        Assert.True(rows[3].GetProperty("MedianMilliseconds").GetDouble() > rows[0].GetProperty("MedianMilliseconds").GetDouble());
        Assert.True(File.Exists(Path.Combine(output, "efficiency.md")));
    }

    [Fact]
    public void A_folder_that_is_not_a_training_run_is_named()
    {
        using var dir = new TempDir();
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            Assert.Equal(MipApp.InputError, MipApp.Run(["bench", "efficiency", "--data", dir.Path, "--training-run", dir.File("nothing"), "-o", dir.File("e")]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("nothing", error.ToString());
        Assert.False(Directory.Exists(dir.File("e")));
    }
}
