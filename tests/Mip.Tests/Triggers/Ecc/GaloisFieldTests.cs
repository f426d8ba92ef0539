using Mip.Triggers.Ecc;

namespace Mip.Tests.Triggers.Ecc;

public class GaloisFieldTests
{
    private static readonly GaloisField Field = new(7, 0x89);

    [Fact]
    public void EveryNonZeroElementIsAPowerOfAlphaExactlyOnce()
    {
        var seen = new HashSet<int>();
        for (int i = 0; i < Field.Order; i++) seen.Add(Field.Exp(i));
        Assert.Equal(127, seen.Count);
        Assert.DoesNotContain(0, seen);
        Assert.Equal(1, Field.Exp(127));
    }

    [Fact]
    public void MultiplicationMatchesCarrylessProductReducedByThePolynomial()
    {
        // Independent reference: schoolbook GF(2) polynomial product, then reduction mod x^7 + x^3 + 1.
        static int Slow(int a, int b)
        {
            int product = 0;
            for (int i = 0; i < 7; i++)
                if ((b >> i & 1) != 0) product ^= a << i;
            for (int bit = 13; bit >= 7; bit--)
                if ((product >> bit & 1) != 0) product ^= 0x89 << (bit - 7);
            return product;
        }
        for (int a = 0; a < 128; a++)
            for (int b = 0; b < 128; b++)
                Assert.Equal(Slow(a, b), Field.Multiply(a, b));
    }

    [Fact]
    public void InversesAndPowersAreConsistent()
    {
        for (int a = 1; a < 128; a++)
        {
            Assert.Equal(1, Field.Multiply(a, Field.Inverse(a)));
            Assert.Equal(a, Field.Exp(Field.Log(a)));
            Assert.Equal(Field.Multiply(a, Field.Multiply(a, a)), Field.Pow(a, 3));
        }
        Assert.Throws<DivideByZeroException>(() => Field.Inverse(0));
    }

    [Fact]
    public void NonPrimitivePolynomialIsRejected()
    {
        // x^7 + 1 = (x + 1)(x^6 + ... + 1) is reducible, so α cannot have order 127.
        Assert.Throws<ArgumentException>(() => new GaloisField(7, 0x81));
        Assert.Throws<ArgumentException>(() => new GaloisField(7, 0x45)); // wrong degree
    }
}
