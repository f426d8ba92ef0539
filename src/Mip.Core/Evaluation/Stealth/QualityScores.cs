namespace Mip.Evaluation.Stealth;

/// <summary>How far a changed image is from its original: MSE (0-255 scale), PSNR (dB) and SSIM.</summary>
public readonly record struct QualityScores(double Mse, double Psnr, double Ssim);
