namespace Mip.Triggers.Stego;

/// <summary>How well a stego network protects and reveals over a set of images at one strength.</summary>
public sealed record StegoEvaluationResult
{
    /// <summary>Images evaluated.</summary>
    public required int Images { get; init; }

    /// <summary>Strength used: target PSNR in dB.</summary>
    public required double TargetPsnr { get; init; }

    /// <summary>Mean MSE (0-255 scale) of protected against original.</summary>
    public required double MeanMse { get; init; }

    /// <summary>Mean PSNR (dB) of protected against original.</summary>
    public required double MeanPsnr { get; init; }

    /// <summary>Mean SSIM of protected against original.</summary>
    public required double MeanSsim { get; init; }

    /// <summary>Fraction of protected images (lossless, as PNG) whose secret was recovered exactly.</summary>
    public required double RecoveredLossless { get; init; }

    /// <summary>Fraction recovered exactly after re-encoding as JPEG at <see cref="JpegQuality"/>.</summary>
    public required double RecoveredJpeg { get; init; }

    /// <summary>JPEG quality of the re-encoding test.</summary>
    public required int JpegQuality { get; init; }

    /// <summary>Raw bit accuracy before error correction, lossless.</summary>
    public required double BitAccuracyLossless { get; init; }

    /// <summary>Raw bit accuracy before error correction, after JPEG.</summary>
    public required double BitAccuracyJpeg { get; init; }

    /// <summary>Fraction of the unprotected originals on which a secret was (wrongly) found.</summary>
    public required double FalsePositivesClean { get; init; }

    /// <summary>Mean decoder confidence on protected (lossless) images.</summary>
    public required double MeanConfidenceProtected { get; init; }

    /// <summary>Mean decoder confidence on the unprotected originals.</summary>
    public required double MeanConfidenceClean { get; init; }
}
