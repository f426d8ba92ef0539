namespace Mip.Triggers.Stego;

/// <summary>What <see cref="SecretCodec.Decode"/> read from a set of bit probabilities.</summary>
public sealed record SecretDecodeResult
{
    /// <summary>True when a secret passed the error correction and the checksum.</summary>
    public required bool Found { get; init; }

    /// <summary>The secret text when <see cref="Found"/>, else null.</summary>
    public string? Secret { get; init; }

    /// <summary>Bits the error correction flipped (including bits flipped by Chase decoding).</summary>
    public int CorrectedBits { get; init; }

    /// <summary>Of those, bits flipped by Chase decoding before BCH succeeded.</summary>
    public int ChaseFlips { get; init; }

    /// <summary>
    /// How sure the decoder was of its bits: the mean of |2p − 1| over all bits, 0 (every bit a coin flip) to 1
    /// (every bit certain). Protected images typically score far higher than unprotected ones.
    /// </summary>
    public required double Confidence { get; init; }

    internal static SecretDecodeResult NotFound(double confidence) => new() { Found = false, Confidence = confidence };

    internal static SecretDecodeResult FoundSecret(string secret, int corrected, int chaseFlips, double confidence) =>
        new() { Found = true, Secret = secret, CorrectedBits = corrected, ChaseFlips = chaseFlips, Confidence = confidence };
}
