using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mip.Images;
using Mip.IO;
using Mip.Triggers;
using Mip.Triggers.Stego;

namespace Mip.Evaluation.Stealth;

/// <summary>
/// The stealth comparison of the paper's Table 4: mean MSE, SSIM and PSNR of each trigger over a set of images, with
/// the learned trigger's recovery rates, written as Markdown, JSON and CSV beside a picture of clean, protected and
/// amplified-residual images.
/// </summary>
public sealed record StealthReport
{
    /// <summary>Where the images came from, in words.</summary>
    public required string Source { get; init; }

    /// <summary>Number of images measured.</summary>
    public required int Images { get; init; }

    /// <summary>One summary per trigger, in the order given.</summary>
    public required IReadOnlyList<TriggerStealth> Triggers { get; init; }

    /// <summary>Every (image, trigger) measurement.</summary>
    public required IReadOnlyList<ImageStealth> PerImage { get; init; }

    /// <summary>The learned trigger's recovery measurement, when one was made.</summary>
    public StegoEvaluationResult? StegoRecovery { get; init; }

    /// <summary>When the report was made (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The paper's Table 4 (1,000 social photos), for comparison: method, MSE, SSIM, PSNR.</summary>
    public static IReadOnlyList<(string Method, double Mse, double Ssim, double Psnr)> PaperTable4 { get; } =
    [
        ("BadNets", 114.14, 0.99, 29.64),
        ("Blended", 18.04, 0.99, 37.06),
        ("StegaStamp", 54.60, 0.90, 30.89),
        ("HDM", 5.83, 0.98, 42.71),
    ];

    /// <summary>Applies every trigger to every image and measures the quality of the result.</summary>
    public static StealthReport Measure(IReadOnlyList<(string Name, RgbImage Image)> images, IReadOnlyList<(string Name, ITrigger Trigger)> triggers,
        string source, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(triggers);
        if (images.Count == 0 || triggers.Count == 0) throw new ArgumentException("A stealth report needs at least one image and one trigger.");
        var rows = new List<ImageStealth>(images.Count * triggers.Count);
        var milliseconds = new double[triggers.Count];
        for (int i = 0; i < images.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int t = 0; t < triggers.Count; t++)
            {
                long start = Stopwatch.GetTimestamp();
                RgbImage marked = triggers[t].Trigger.Apply(images[i].Image);
                milliseconds[t] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                QualityScores q = ImageQuality.Measure(images[i].Image, marked);
                rows.Add(new ImageStealth(images[i].Name, triggers[t].Name, q.Mse, q.Psnr, q.Ssim));
            }
            progress?.Report(i + 1);
        }
        var summaries = triggers.Select((t, k) =>
        {
            var mine = rows.Where(r => r.Trigger == t.Name).ToList();
            var psnrs = mine.Select(r => r.Psnr).Order().ToArray();
            return new TriggerStealth(t.Name, t.Trigger.Id, mine.Count, mine.Average(r => r.Mse), mine.Average(r => r.Ssim),
                mine.Average(r => r.Psnr), psnrs[psnrs.Length / 2], psnrs[0], mine.Min(r => r.Ssim), milliseconds[k] / images.Count);
        }).ToList();
        return new StealthReport { Source = source, Images = images.Count, Triggers = summaries, PerImage = rows };
    }

    /// <summary>Writes stealth.md, stealth.json, stealth-per-image.csv and (when given) stealth.png into <paramref name="folder"/>.</summary>
    /// <exception cref="MipInputException">The folder cannot be created or written.</exception>
    public void Write(string folder, byte[]? picturePng = null)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MipInputException($"Cannot create the report folder '{folder}': {e.Message}", e);
        }
        AtomicFile.WriteAllText(Path.Combine(folder, "stealth.json"), JsonSerializer.Serialize(this, JsonOptions));
        AtomicFile.WriteAllText(Path.Combine(folder, "stealth-per-image.csv"), Csv());
        if (picturePng is not null) AtomicFile.WriteAllBytes(Path.Combine(folder, "stealth.png"), picturePng);
        AtomicFile.WriteAllText(Path.Combine(folder, "stealth.md"), Markdown(picturePng is not null ? "stealth.png" : null));
    }

    /// <summary>The report as Markdown.</summary>
    public string Markdown(string? pictureFile = null)
    {
        var md = new StringBuilder();
        md.AppendLine("# Stealth of the triggers (paper Table 4)").AppendLine();
        md.AppendLine(Inv($"{Images} images: {Source}. Each image is protected at its own size and compared with its original ") +
            "(MSE on 0-255, PSNR in dB, SSIM per Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, per channel then averaged).").AppendLine();
        md.AppendLine("| trigger | MSE | SSIM | PSNR (mean) | PSNR (median) | PSNR (min) | SSIM (min) | ms / image | id |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var t in Triggers)
            md.AppendLine(Inv($"| {t.Name} | {t.MeanMse:0.00} | {t.MeanSsim:0.0000} | {t.MeanPsnr:0.00} | {t.MedianPsnr:0.00} | {t.MinPsnr:0.00} | {t.MinSsim:0.0000} | {t.MeanMilliseconds:0.0} | `{t.TriggerId}` |"));
        md.AppendLine().AppendLine("The paper's Table 4 (1,000 social photos, its own sizes) for comparison:").AppendLine();
        md.AppendLine("| method | MSE | SSIM | PSNR |").AppendLine("|---|---:|---:|---:|");
        foreach (var (method, mse, ssim, psnr) in PaperTable4)
            md.AppendLine(Inv($"| {method} | {mse:0.00} | {ssim:0.00} | {psnr:0.00} |"));
        if (StegoRecovery is { } r)
        {
            md.AppendLine().AppendLine("## Learned trigger: is the secret recovered?").AppendLine();
            md.AppendLine(Inv($"Each image hides its own 1-7 character secret at {r.TargetPsnr:0.##} dB; a secret counts only when it is recovered exactly after error correction."));
            md.AppendLine().AppendLine("| measure | value |").AppendLine("|---|---:|");
            md.AppendLine(Inv($"| recovered, lossless (PNG) | {r.RecoveredLossless:P1} |"));
            md.AppendLine(Inv($"| recovered after JPEG quality {r.JpegQuality} | {r.RecoveredJpeg:P1} |"));
            md.AppendLine(Inv($"| raw bit accuracy, lossless / JPEG | {r.BitAccuracyLossless:0.0000} / {r.BitAccuracyJpeg:0.0000} |"));
            md.AppendLine(Inv($"| secret wrongly found in the unprotected originals | {r.FalsePositivesClean:P1} |"));
            md.AppendLine(Inv($"| decoder confidence, protected / unprotected | {r.MeanConfidenceProtected:0.000} / {r.MeanConfidenceClean:0.000} |"));
        }
        if (pictureFile is not null)
        {
            md.AppendLine().AppendLine("## Picture").AppendLine();
            md.AppendLine($"![clean, protected and amplified residuals]({pictureFile})").AppendLine();
            md.AppendLine("Columns: the clean image, then for each trigger the protected image and its residual (protected − clean) amplified around mid-grey.");
        }
        md.AppendLine().AppendLine(Inv($"Made {CreatedUtc:yyyy-MM-dd HH:mm} UTC."));
        return md.ToString();
    }

    private string Csv()
    {
        var csv = new StringBuilder("image,trigger,mse,psnr,ssim\n");
        foreach (var row in PerImage)
            csv.AppendLine(Inv($"{Quote(row.Image)},{Quote(row.Trigger)},{row.Mse:0.######},{row.Psnr:0.######},{row.Ssim:0.########}"));
        return csv.ToString();
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
