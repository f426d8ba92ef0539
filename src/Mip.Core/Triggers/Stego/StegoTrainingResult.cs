namespace Mip.Triggers.Stego;

/// <summary>What a <see cref="StegoTrainer"/> run produced.</summary>
public sealed record StegoTrainingResult(
    StegoNetwork Network,
    int Steps,
    TimeSpan Elapsed,
    IReadOnlyList<StegoTrainingProgress> Log,
    StegoEvaluationResult? FinalValidation);
