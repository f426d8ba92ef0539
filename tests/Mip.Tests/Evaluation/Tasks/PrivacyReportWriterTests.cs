using System.Text.Json;
using Mip.Evaluation;
using Mip.Evaluation.Reports;
using Mip.Evaluation.Tasks;
using static TorchSharp.torch;

namespace Mip.Tests.Evaluation.Tasks;

public sealed class PrivacyReportWriterTests
{
    private static PrivacyReport Report()
    {
        var e = nn.functional.normalize(Points.RandomNormalised(4, 8, 1).index_select(0, tensor(Enumerable.Range(0, 24).Select(i => (long)(i / 6)).ToArray()))
            + Points.RandomNormalised(24, 8, 2) * 0.05, p: 2, dim: 1);
        var labels = Enumerable.Range(0, 24).Select(i => i / 6).ToArray();
        var ids = Enumerable.Range(0, 24).Select(i => (long)i).ToArray();
        var ignoring = new TaskEmbeddings(new EmbeddingSet(e, labels, ids), new EmbeddingSet(e.clone(), labels, ids));
        var hiding = new TaskEmbeddings(new EmbeddingSet(e, labels, ids), new EmbeddingSet(-e, labels, ids));
        var clean = PrivacyTaskEvaluator.Evaluate("clean", ignoring);
        var tuned = PrivacyTaskEvaluator.Evaluate("pbl", hiding);
        return new PrivacyReport("t", [new("data", "drawn")], "clean", [clean, tuned],
            [MixedGalleryEvaluator.Evaluate("clean", ignoring, 0.25), MixedGalleryEvaluator.Evaluate("pbl", hiding, 0.25)], [1, 2, 4, 8],
            [ProtectedLeakEvaluator.Evaluate("clean", ignoring), ProtectedLeakEvaluator.Evaluate("pbl", hiding)]);
    }

    [Fact]
    public void Markdown_has_the_task_psr_and_mixed_gallery_tables()
    {
        string md = PrivacyReportWriter.FormatMarkdown(Report());
        Assert.Contains("| clean | C->C | 100.00 |", md);
        Assert.Contains("| pbl | PSR P->C | 100.00 |", md);
        Assert.Contains("| pbl | BA (C->C, change) | 100.00 (0.00) |", md);
        Assert.Contains("## Mixed gallery", md);
        // The clean model hands every query a protected copy of its class; the tuned one none.
        Assert.Contains("| clean | 24 | ", md);
        Assert.Contains("| pbl | 0 | 0 | – |  |", md);
        Assert.Contains("paper's rule", md);
    }

    [Fact]
    public void Json_and_csv_carry_the_psr_as_fractions()
    {
        var report = Report();
        using var json = JsonDocument.Parse(PrivacyReportWriter.FormatJson(report));
        var pbl = json.RootElement.GetProperty("models")[1];
        var pc = pbl.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("task").GetString() == "P->C" && t.GetProperty("rule").GetString() == "strict");
        Assert.Equal(1.0, pc.GetProperty("psr").GetProperty("R@1").GetDouble(), 9);
        Assert.Equal(1.0, json.RootElement.GetProperty("mixedGallery")[1].GetProperty("exposureDropAtK").GetProperty("4").GetDouble(), 9);
        var leaks = json.RootElement.GetProperty("protectedLeaks");
        Assert.Equal(24, leaks[0].GetProperty("hits").GetInt32());
        Assert.Equal(JsonValueKind.Null, leaks[1].GetProperty("mostFoundTenthShare").ValueKind);
        // The tuned model sends every copy to its antipode (shift 4), the clean one leaves them in place (0).
        Assert.Equal(4, leaks[1].GetProperty("shiftTenthPercentile").GetDouble(), 5);
        Assert.Equal(0, leaks[0].GetProperty("shiftTenthPercentile").GetDouble(), 5);
        var csv = PrivacyReportWriter.FormatCsv(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("model,rule,task,metric,value,psr", csv[0]);
        Assert.Contains("pbl,strict,P->C,R@1,0,1", csv);
        // 2 models x 4 tasks x 2 rules x 8 metrics, plus 2 models x (4 exposure + 4 recall) mixed-gallery rows.
        Assert.Equal(1 + 2 * 4 * 2 * 8 + 2 * 8, csv.Length);
    }

    [Fact]
    public void The_recall_curves_render_one_panel_per_model()
    {
        var png = TaskRecallPlotWriter.Render(Report(), ExclusionRule.Strict, panelWidth: 300, height: 200);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal(600, bitmap.Width);
        Assert.Equal(200, bitmap.Height);
    }
}
