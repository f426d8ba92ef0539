namespace Mip.Triggers;

/// <summary>A trigger whose mark has a strength that can be raised: the stego triggers, by their target PSNR.</summary>
public interface IStrengthTrigger : ITrigger
{
    /// <summary>Strength: target PSNR of the protected image in dB (lower is stronger).</summary>
    double Psnr { get; }
}
