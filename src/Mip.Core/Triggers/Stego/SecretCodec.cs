using System.Text;
using Mip.Triggers.Ecc;

namespace Mip.Triggers.Stego;

/// <summary>
/// Turns a short text secret into the bits the steganographic encoder hides, and bit probabilities read back by the
/// decoder into the text, or into "no secret here".
/// </summary>
/// <remarks>
/// Layout, following StegaStamp's use of 7 data bytes and a BCH code: the UTF-8 text zero-padded to 7 bytes, a CRC-8
/// of those 7 bytes, then BCH over GF(2^7) correcting 5 bit errors (35 parity bits): 64 + 35 = 99 bits. The codeword
/// is XORed with a fixed pseudo-random whitening sequence so that the bits are balanced whatever the text is, and so
/// that the all-zero or all-one words a decoder produces on an unprotected photo are far from every codeword.
/// A decoded word is accepted only when BCH locates at most 5 errors (about 1 in 450 random words), the CRC then
/// matches (1 in 256) and the bytes are zero-padded printable UTF-8 text, so the random bits an unprotected image
/// gives are accepted far less often than 1 in 100,000 times.
/// </remarks>
public static class SecretCodec
{
    /// <summary>Longest secret in UTF-8 bytes.</summary>
    public const int MaxSecretBytes = 7;

    /// <summary>BCH field degree m (GF(2^7), primitive polynomial x^7 + x^3 + 1).</summary>
    public const int FieldDegree = 7;

    /// <summary>The BCH primitive polynomial (0x89, the one StegaStamp's BCH(137, 5) uses).</summary>
    public const int FieldPolynomial = 0x89;

    /// <summary>Bit errors the BCH code corrects.</summary>
    public const int CorrectableErrors = 5;

    private const int DataBytes = MaxSecretBytes + 1;
    private const ulong WhiteningSeed = 0x4D49505F53544547; // "MIP_STEG"

    private static readonly BchCode Code = new(new GaloisField(FieldDegree, FieldPolynomial), CorrectableErrors, DataBytes * 8);
    private static readonly bool[] Whitening = BuildWhitening(Code.CodewordBits);

    /// <summary>Bits per hidden message (99).</summary>
    public static int BitCount => Code.CodewordBits;

    /// <summary>The error-correcting code used.</summary>
    public static BchCode ErrorCorrection => Code;

    /// <summary>Checks that <paramref name="secret"/> can be hidden: 1..7 UTF-8 bytes, no control characters.</summary>
    /// <exception cref="StegoSecretException">It cannot; the message says why.</exception>
    public static byte[] Validate(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0)
            throw new StegoSecretException("The secret is empty: give 1 to 7 bytes of text.");
        if (secret.Any(char.IsControl))
            throw new StegoSecretException($"The secret '{Printable(secret)}' contains a control character; use printable text.");
        byte[] bytes;
        try
        {
            bytes = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(secret);
        }
        catch (EncoderFallbackException e)
        {
            throw new StegoSecretException($"The secret '{Printable(secret)}' is not valid Unicode text.", e);
        }
        if (bytes.Length > MaxSecretBytes)
            throw new StegoSecretException(
                $"The secret '{secret}' is {bytes.Length} bytes in UTF-8; at most {MaxSecretBytes} bytes fit in the hidden message.");
        return bytes;
    }

    /// <summary>The 99 message bits (as 0/1) that hide <paramref name="secret"/>.</summary>
    /// <exception cref="StegoSecretException">The secret is empty, too long or not printable text.</exception>
    public static bool[] Encode(string secret)
    {
        byte[] text = Validate(secret);
        var data = new byte[DataBytes];
        text.CopyTo(data, 0);
        data[MaxSecretBytes] = Crc8.Compute(data.AsSpan(0, MaxSecretBytes));
        bool[] codeword = Code.Encode(ToBits(data));
        for (int i = 0; i < codeword.Length; i++) codeword[i] ^= Whitening[i];
        return codeword;
    }

    /// <summary>
    /// Reads a secret back from the decoder's probability that each bit is 1. Hard decisions are tried first; when
    /// they fail and <paramref name="chaseBits"/> is positive, the least reliable bits are flipped in every
    /// combination (Chase decoding) and the first word that passes BCH and the CRC is taken.
    /// </summary>
    public static SecretDecodeResult Decode(ReadOnlySpan<float> probabilities, int chaseBits = 0)
    {
        if (probabilities.Length != BitCount)
            throw new ArgumentException($"Expected {BitCount} bit probabilities, got {probabilities.Length}.", nameof(probabilities));
        if (chaseBits is < 0 or > 12) throw new ArgumentOutOfRangeException(nameof(chaseBits), chaseBits, "Chase decoding flips 0..12 bits.");
        double confidence = 0;
        var hard = new bool[BitCount];
        for (int i = 0; i < BitCount; i++)
        {
            float p = float.IsNaN(probabilities[i]) ? 0.5f : Math.Clamp(probabilities[i], 0f, 1f);
            confidence += Math.Abs(2 * p - 1);
            hard[i] = p > 0.5f;
        }
        confidence /= BitCount;

        var attempt = TryDecode(hard);
        if (attempt is not null || chaseBits == 0)
            return attempt is null ? SecretDecodeResult.NotFound(confidence) : SecretDecodeResult.FoundSecret(attempt.Value.Text, attempt.Value.Corrected, 0, confidence);

        float[] reliability = new float[BitCount];
        for (int i = 0; i < BitCount; i++) reliability[i] = Math.Abs(probabilities[i] - 0.5f);
        int[] weakest = Enumerable.Range(0, BitCount).OrderBy(i => reliability[i]).Take(chaseBits).ToArray();
        var trial = new bool[BitCount];
        for (int mask = 1; mask < 1 << chaseBits; mask++)
        {
            hard.CopyTo(trial, 0);
            int flipped = 0;
            for (int b = 0; b < chaseBits; b++)
                if ((mask >> b & 1) != 0) { trial[weakest[b]] = !trial[weakest[b]]; flipped++; }
            attempt = TryDecode(trial);
            if (attempt is not null)
                return SecretDecodeResult.FoundSecret(attempt.Value.Text, attempt.Value.Corrected + flipped, flipped, confidence);
        }
        return SecretDecodeResult.NotFound(confidence);
    }

    private static (string Text, int Corrected)? TryDecode(bool[] bits)
    {
        var word = new bool[bits.Length];
        for (int i = 0; i < bits.Length; i++) word[i] = bits[i] ^ Whitening[i];
        BchDecodeResult result = Code.Decode(word);
        if (!result.Success) return null;
        byte[] data = FromBits(result.Data!);
        if (Crc8.Compute(data.AsSpan(0, MaxSecretBytes)) != data[MaxSecretBytes]) return null;
        int length = Array.IndexOf(data, (byte)0, 0, MaxSecretBytes);
        if (length == 0) return null;
        if (length < 0) length = MaxSecretBytes;
        // Padding must be zeros only, and the text valid UTF-8 without control characters; anything else is not ours.
        for (int i = length; i < MaxSecretBytes; i++)
            if (data[i] != 0) return null;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        if (text.Any(char.IsControl)) return null;
        return (text, result.CorrectedErrors);
    }

    private static bool[] ToBits(byte[] bytes)
    {
        var bits = new bool[bytes.Length * 8];
        for (int i = 0; i < bits.Length; i++) bits[i] = (bytes[i / 8] >> (7 - i % 8) & 1) != 0;
        return bits;
    }

    private static byte[] FromBits(bool[] bits)
    {
        var bytes = new byte[bits.Length / 8];
        for (int i = 0; i < bits.Length; i++)
            if (bits[i]) bytes[i / 8] |= (byte)(1 << (7 - i % 8));
        return bytes;
    }

    private static bool[] BuildWhitening(int length)
    {
        // xorshift64: any fixed sequence works; it only has to be the same when hiding and revealing.
        var bits = new bool[length];
        ulong state = WhiteningSeed;
        for (int i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bits[i] = (state >> 32 & 1) != 0;
        }
        return bits;
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
