namespace Mip.Triggers.Ecc;

/// <summary>The outcome of <see cref="BchCode.Decode"/>: the corrected data bits, or a failure.</summary>
public sealed class BchDecodeResult
{
    private BchDecodeResult(bool success, bool[]? data, int correctedErrors)
    {
        Success = success;
        Data = data;
        CorrectedErrors = correctedErrors;
    }

    /// <summary>The result for a word with more errors than the code can locate.</summary>
    public static BchDecodeResult Failed { get; } = new(false, null, 0);

    internal static BchDecodeResult Decoded(bool[] data, int corrected) => new(true, data, corrected);

    /// <summary>True when the word was (corrected to) a codeword.</summary>
    public bool Success { get; }

    /// <summary>The data bits when <see cref="Success"/>, else null.</summary>
    public bool[]? Data { get; }

    /// <summary>How many bits were flipped to reach the codeword.</summary>
    public int CorrectedErrors { get; }
}
