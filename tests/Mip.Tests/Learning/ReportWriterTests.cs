using System.Text.Json;
using Mip.Evaluation;
using Mip.Evaluation.Reports;
using Mip.Evaluation.Search;

namespace Mip.Tests.Learning;

public class ReportWriterTests
{
    private static EvaluationReport Report() => new("Retrieval on test", [new("model", "m.ckpt")],
    [
        new ReportEntry("pretrained", new RetrievalScores(SearchProtocol.SelfExcluded, 10, 10, 9,
            new Dictionary<int, double> { [1] = 0.5, [2] = 0.6, [4] = 0.75, [8] = 0.9 }, 0.25, false, 0.2, 0.3, 0.4, 0.1)),
        new ReportEntry("clean, a|b", new RetrievalScores(SearchProtocol.SelfExcluded, 10, 10, 9,
            new Dictionary<int, double> { [1] = 0.6, [2] = 0.7, [4] = 0.8, [8] = 0.95 }, 0.3, false, 0.25, 0.35, null, null)),
    ]);

    [Fact]
    public void MarkdownCsvAndJsonCarryTheScores()
    {
        var report = Report();
        string md = MarkdownReportWriter.Format(report);
        Assert.Contains("| model | R@1 | R@2 | R@4 | R@8 | NMI | F1 | mAP_c | MAP@R | R-precision |", md);
        Assert.Contains("| pretrained | 50.00 | 60.00 | 75.00 | 90.00 | 40.00 | 10.00 | 25.00 | 20.00 | 30.00 |", md);
        Assert.Contains("clean, a\\|b", md);

        string[] csv = CsvReportWriter.Format(report).TrimEnd('\n').Split('\n');
        Assert.Equal("model,protocol,queries,gallery,R@1,R@2,R@4,R@8,NMI,F1,mAP_c,MAP@R,R-precision", csv[0]);
        Assert.Equal("\"clean, a|b\",SelfExcluded,10,10,0.6,0.7,0.8,0.95,,,0.3,0.25,0.35", csv[2]);

        using var json = JsonDocument.Parse(JsonReportWriter.Format(report));
        var second = json.RootElement.GetProperty("entries")[1];
        Assert.Equal(0.6, second.GetProperty("recallAtK").GetProperty("1").GetDouble());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nmi").ValueKind);
        Assert.Equal("m.ckpt", json.RootElement.GetProperty("facts").GetProperty("model").GetString());
    }

    [Fact]
    public void RecallPlotIsAPngWithDrawnContent()
    {
        byte[] png = RecallPlotWriter.Render(Report(), 400, 300);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((400, 300), (bitmap.Width, bitmap.Height));
        // Lines, labels and legend put many distinct colours on the canvas; a blank or text-less plot has few.
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2) colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 20, $"only {colours.Count} colours");
    }
}
