using System.Text.Json;
using Mip.Data.Synthetic;
using Mip.Workflows;

namespace Mip.Tests.Workflows;

public class DemoWorkflowTests
{
    [Fact]
    public void RunsEndToEndOnATinyDrawnDataSetAndWritesReports()
    {
        using var dir = new TempDir();
        var options = new DemoOptions
        {
            OutputFolder = dir.Path,
            InputSize = 64,
            Synthetic = new SyntheticObjectsOptions { Classes = 6, ImagesPerClass = 4, ImageSize = 64 },
        };

        var result = DemoWorkflow.Run(options);

        Assert.Equal(3, result.Dataset.Test.ClassCount);
        Assert.Equal(12, result.TestScores.QueryCount);
        Assert.All(result.TestScores.RecallAtK.Values, r => Assert.InRange(r, 0, 1));
        // Recall@k can only grow with k.
        var recalls = result.TestScores.RecallAtK.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray();
        for (int i = 1; i < recalls.Length; i++) Assert.True(recalls[i] >= recalls[i - 1]);
        // Chance R@1 with 3 classes of 4 is 3/11; ImageNet features separate drawn objects far better than that.
        Assert.True(recalls[0] > 0.5, $"R@1 {recalls[0]}");

        using var json = JsonDocument.Parse(File.ReadAllText(result.ReportJson));
        Assert.Equal(result.TestScores.RecallAtK[1], json.RootElement.GetProperty("recallAtK").GetProperty("1").GetDouble(), 10);
        Assert.Contains("R@1", File.ReadAllText(result.ReportMarkdown));
    }
}
