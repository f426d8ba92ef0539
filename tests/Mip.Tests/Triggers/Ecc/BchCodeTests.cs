using Mip.Triggers.Ecc;

namespace Mip.Tests.Triggers.Ecc;

public class BchCodeTests
{
    private static readonly GaloisField Field = new(7, 0x89);
    private static readonly BchCode Code = new(Field, 5, 64);

    private static bool[] RandomBits(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.Next(2) == 1).ToArray();

    private static bool[] Flip(bool[] word, Random random, int errors, out int[] positions)
    {
        var corrupted = (bool[])word.Clone();
        positions = Enumerable.Range(0, word.Length).OrderBy(_ => random.Next()).Take(errors).ToArray();
        foreach (int p in positions) corrupted[p] = !corrupted[p];
        return corrupted;
    }

    [Fact]
    public void Bch127WithFiveErrorsHas35ParityBits()
    {
        Assert.Equal(35, Code.ParityBits);
        Assert.Equal(99, Code.CodewordBits);
        Assert.Equal(64, Code.DataBits);
        Assert.Equal(127 - 35, new BchCode(Field, 5, 92).DataBits);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BchCode(Field, 5, 93));
    }

    [Fact]
    public void CodewordsAreSystematicAndHaveAlphaPowersAsRoots()
    {
        var random = new Random(1);
        for (int trial = 0; trial < 50; trial++)
        {
            bool[] data = RandomBits(random, 64);
            bool[] codeword = Code.Encode(data);
            Assert.Equal(data, codeword[..64]);
            // Independent check of the BCH property: c(α^j) = 0 for j = 1..2t, evaluated directly.
            for (int j = 1; j <= 10; j++)
            {
                int value = 0;
                for (int i = 0; i < codeword.Length; i++)
                    if (codeword[i]) value ^= Field.Exp(j * (codeword.Length - 1 - i));
                Assert.Equal(0, value);
            }
        }
    }

    [Fact]
    public void DistinctCodewordsDifferInAtLeastElevenBits()
    {
        var random = new Random(2);
        for (int trial = 0; trial < 300; trial++)
        {
            bool[] a = Code.Encode(RandomBits(random, 64));
            // Sparse data differences give the closest codewords; try 1 to 3 flipped data bits.
            bool[] data = a[..64];
            var other = (bool[])data.Clone();
            int flips = 1 + trial % 3;
            for (int f = 0; f < flips; f++) other[random.Next(64)] ^= true;
            if (other.SequenceEqual(data)) continue;
            bool[] b = Code.Encode(other);
            Assert.True(a.Zip(b).Count(p => p.First != p.Second) >= 11);
        }
    }

    [Fact]
    public void UpToFiveFlippedBitsAnywhereAreCorrected()
    {
        var random = new Random(3);
        for (int errors = 0; errors <= 5; errors++)
        {
            for (int trial = 0; trial < 60; trial++)
            {
                bool[] data = RandomBits(random, 64);
                bool[] received = Flip(Code.Encode(data), random, errors, out _);
                BchDecodeResult result = Code.Decode(received);
                Assert.True(result.Success, $"{errors} errors, trial {trial}");
                Assert.Equal(data, result.Data);
                Assert.Equal(errors, result.CorrectedErrors);
            }
        }
    }

    [Fact]
    public void MoreThanFiveErrorsAreReportedAsFailureNotAsTheOriginal()
    {
        var random = new Random(4);
        for (int errors = 6; errors <= 12; errors++)
        {
            int failures = 0;
            const int trials = 100;
            for (int trial = 0; trial < trials; trial++)
            {
                bool[] data = RandomBits(random, 64);
                BchDecodeResult result = Code.Decode(Flip(Code.Encode(data), random, errors, out _));
                // A word 6+ bits from the original can only be decoded to a different codeword, never back to it.
                if (result.Success) Assert.NotEqual(data, result.Data);
                else failures++;
            }
            // Miscorrection needs another codeword within 5 bits: for a shortened BCH code that is rare.
            Assert.True(failures >= 95, $"{errors} errors: only {failures}/{trials} detected");
        }
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Code.Encode(new bool[63]));
        Assert.Throws<ArgumentException>(() => Code.Decode(new bool[98]));
    }
}
