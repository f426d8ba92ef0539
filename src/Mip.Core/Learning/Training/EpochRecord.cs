namespace Mip.Learning.Training;

/// <summary>One finished epoch (epoch 0 = the model before training, validated only).</summary>
/// <param name="Epoch">Epoch number.</param>
/// <param name="MeanLoss">Mean training loss over the epoch's steps (NaN for epoch 0).</param>
/// <param name="ValidationRecallAt1">Validation Recall@1, or null without validation.</param>
/// <param name="ValidationMapAtR">Validation MAP@R, or null without validation.</param>
/// <param name="Seconds">Wall time of the epoch's training steps.</param>
public sealed record EpochRecord(int Epoch, double MeanLoss, double? ValidationRecallAt1, double? ValidationMapAtR, double Seconds);
