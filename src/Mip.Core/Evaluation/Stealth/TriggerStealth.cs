namespace Mip.Evaluation.Stealth;

/// <summary>One trigger's visual-quality summary over a set of images (the paper's Table 4 row, plus spread).</summary>
public sealed record TriggerStealth(
    string Name,
    string TriggerId,
    int Images,
    double MeanMse,
    double MeanSsim,
    double MeanPsnr,
    double MedianPsnr,
    double MinPsnr,
    double MinSsim,
    double MeanMilliseconds);
