using System.Text.Json;
using Mip.Data.Synthetic;
using Mip.Evaluation.Tasks;
using Mip.Workflows;

namespace Mip.Tests.Workflows;

public class DemoWorkflowTests
{
    [Fact]
    public void Protects_trains_three_models_and_scores_the_four_tasks_on_a_tiny_drawn_data_set()
    {
        using var dir = new TempDir();
        var options = new DemoOptions
        {
            OutputFolder = dir.Path,
            InputSize = 64,
            Epochs = 1,
            Trigger = "badnets",
            Synthetic = new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 5, ImageSize = 64 },
        };

        var result = DemoWorkflow.Run(options);

        Assert.Equal(4, result.Dataset.Test.ClassCount);
        Assert.Equal(["clean", "pbl", "cbl"], result.Report.Models.Select(m => m.Model).ToArray());
        foreach (var model in result.Report.Models)
            foreach (var task in PrivacyTasks.All)
            {
                var scores = model.Get(task, ExclusionRule.Strict);
                Assert.Equal(20, scores.QueryCount);
                var recalls = scores.RecallAtK.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray();
                for (int i = 1; i < recalls.Length; i++) Assert.True(recalls[i] >= recalls[i - 1]);
            }
        // ImageNet features separate drawn objects far better than chance (R@1 4/19 with 4 classes of 5).
        Assert.True(result.Report.ReferenceScores.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1] > 0.5);
        Assert.InRange(result.Stealth.Psnr, 15, 60);
        Assert.Equal(3, result.Report.Mixed.Count);

        foreach (var name in new[] { "report.md", "report.json", "report.csv", "recall-strict.png", "tsne.png", "top5.png" })
            Assert.True(File.Exists(Path.Combine(result.ReportFolder, name)), name);
        Assert.True(File.Exists(result.ProtectedPicture));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.ReportFolder, "report.json")));
        Assert.Equal(3, json.RootElement.GetProperty("models").GetArrayLength());
        Assert.Contains("PSR P->C", File.ReadAllText(Path.Combine(result.ReportFolder, "report.md")));

        // A second demo into the same folder replaces its own runs instead of refusing or resuming them.
        var again = DemoWorkflow.Run(options);
        Assert.Equal(result.Report.ReferenceScores.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1],
            again.Report.ReferenceScores.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1], 9);
    }
}
