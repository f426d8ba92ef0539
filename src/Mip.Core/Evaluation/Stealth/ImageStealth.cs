namespace Mip.Evaluation.Stealth;

/// <summary>Quality of one protected image against its original.</summary>
public sealed record ImageStealth(string Image, string Trigger, double Mse, double Psnr, double Ssim);
