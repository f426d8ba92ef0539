namespace Mip.Triggers.Stego;

/// <summary>One line of the training log (averages since the previous report).</summary>
public sealed record StegoTrainingProgress(
    int Step,
    TimeSpan Elapsed,
    double Fraction,
    double LearningRate,
    double Loss,
    double BitLoss,
    double Ssim,
    double BitAccuracy,
    double SecondsPerStep,
    StegoEvaluationResult? Validation);
