using Mip.IO;
using Mip.Triggers.Stego;

namespace Mip.Tests.Triggers.Stego;

public class SecretCodecTests
{
    private static float[] Probabilities(bool[] bits, float sureness = 0.9f) =>
        bits.Select(b => b ? sureness : 1 - sureness).ToArray();

    [Theory]
    [InlineData("a")]
    [InlineData("mip")]
    [InlineData("7 bytes")]
    [InlineData("été")]    // 5 bytes in UTF-8
    [InlineData("日本")]   // 6 bytes in UTF-8
    public void SecretsRoundTrip(string secret)
    {
        bool[] bits = SecretCodec.Encode(secret);
        Assert.Equal(99, bits.Length);
        SecretDecodeResult result = SecretCodec.Decode(Probabilities(bits));
        Assert.True(result.Found);
        Assert.Equal(secret, result.Secret);
        Assert.Equal(0, result.CorrectedBits);
        Assert.Equal(0.8, result.Confidence, 5);
    }

    [Fact]
    public void DifferentSecretsGiveBalancedDifferentWords()
    {
        bool[] a = SecretCodec.Encode("a"), b = SecretCodec.Encode("b");
        Assert.NotEqual(a, b);
        // Whitening: even a one-letter secret (mostly zero bytes) is not a mostly-zero word.
        Assert.InRange(a.Count(x => x), 30, 69);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("8 bytes!", "8 bytes")]
    [InlineData("日本語", "9 bytes")]
    [InlineData("a\tb", "control character")]
    public void UnusableSecretsAreRejectedWithAReason(string secret, string expected)
    {
        var e = Assert.Throws<StegoSecretException>(() => SecretCodec.Encode(secret));
        Assert.IsAssignableFrom<MipInputException>(e);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void FiveWrongBitsAreCorrected()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 50; trial++)
        {
            string secret = StegoEvaluator.SecretFor(trial);
            float[] p = Probabilities(SecretCodec.Encode(secret));
            foreach (int i in Enumerable.Range(0, 99).OrderBy(_ => random.Next()).Take(5)) p[i] = 1 - p[i];
            SecretDecodeResult result = SecretCodec.Decode(p);
            Assert.True(result.Found);
            Assert.Equal(secret, result.Secret);
            Assert.Equal(5, result.CorrectedBits);
        }
    }

    [Fact]
    public void TooManyWrongBitsNeverYieldAWrongSecret()
    {
        var random = new Random(6);
        int found = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            string secret = StegoEvaluator.SecretFor(trial);
            float[] p = Probabilities(SecretCodec.Encode(secret));
            foreach (int i in Enumerable.Range(0, 99).OrderBy(_ => random.Next()).Take(6 + trial % 10)) p[i] = 1 - p[i];
            SecretDecodeResult result = SecretCodec.Decode(p);
            if (result.Found) found++;
        }
        Assert.Equal(0, found);
    }

    [Fact]
    public void RandomOrDegenerateBitsAreNotASecret()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 3000; trial++)
        {
            float[] p = Enumerable.Range(0, 99).Select(_ => (float)random.NextDouble()).ToArray();
            Assert.False(SecretCodec.Decode(p, chaseBits: 4).Found);
        }
        foreach (float v in new[] { 0f, 0.5f, 1f, float.NaN })
        {
            SecretDecodeResult result = SecretCodec.Decode(Enumerable.Repeat(v, 99).ToArray());
            Assert.False(result.Found);
            Assert.Null(result.Secret);
        }
        Assert.Equal(0, SecretCodec.Decode(Enumerable.Repeat(0.5f, 99).ToArray()).Confidence);
    }

    [Fact]
    public void ChaseDecodingRepairsErrorsAmongTheLeastReliableBits()
    {
        var random = new Random(8);
        float[] p = Probabilities(SecretCodec.Encode("chase"), 0.95f);
        int[] wrong = Enumerable.Range(0, 99).OrderBy(_ => random.Next()).Take(7).ToArray();
        foreach (int i in wrong) p[i] = 1 - p[i];
        // Two of the seven errors are bits the decoder was unsure about.
        p[wrong[0]] = p[wrong[0]] > 0.5f ? 0.55f : 0.45f;
        p[wrong[1]] = p[wrong[1]] > 0.5f ? 0.52f : 0.48f;
        Assert.False(SecretCodec.Decode(p).Found);
        SecretDecodeResult repaired = SecretCodec.Decode(p, chaseBits: 4);
        Assert.True(repaired.Found);
        Assert.Equal("chase", repaired.Secret);
        Assert.Equal(2, repaired.ChaseFlips);
        Assert.Equal(7, repaired.CorrectedBits);
    }
}
