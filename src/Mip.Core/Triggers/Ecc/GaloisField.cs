namespace Mip.Triggers.Ecc;

/// <summary>
/// Arithmetic in GF(2^m), the finite field with 2^m elements, built from a primitive polynomial so that every non-zero
/// element is a power of the generator α. Elements are the integers 0 .. 2^m − 1 (bit i = coefficient of x^i).
/// </summary>
public sealed class GaloisField
{
    private readonly int[] _exp;
    private readonly int[] _log;

    /// <summary>Builds GF(2^<paramref name="degree"/>) from <paramref name="primitivePolynomial"/> (bit i = coefficient of x^i, degree bit set).</summary>
    /// <exception cref="ArgumentException">The polynomial has the wrong degree or is not primitive.</exception>
    public GaloisField(int degree, int primitivePolynomial)
    {
        if (degree is < 2 or > 16) throw new ArgumentOutOfRangeException(nameof(degree), degree, "Field degree must be 2..16.");
        if (primitivePolynomial >> degree != 1)
            throw new ArgumentException($"The polynomial 0x{primitivePolynomial:X} does not have degree {degree}.", nameof(primitivePolynomial));
        Degree = degree;
        Size = 1 << degree;
        Order = Size - 1;
        PrimitivePolynomial = primitivePolynomial;
        _exp = new int[2 * Order];
        _log = new int[Size];
        Array.Fill(_log, -1);
        int value = 1;
        for (int i = 0; i < Order; i++)
        {
            if (_log[value] != -1)
                throw new ArgumentException($"The polynomial 0x{primitivePolynomial:X} is not primitive: α has order {i}, not {Order}.", nameof(primitivePolynomial));
            _exp[i] = value;
            _log[value] = i;
            value <<= 1;
            if ((value & Size) != 0) value ^= primitivePolynomial;
        }
        if (value != 1)
            throw new ArgumentException($"The polynomial 0x{primitivePolynomial:X} is not primitive.", nameof(primitivePolynomial));
        // A doubled table lets Multiply skip the modulo.
        for (int i = Order; i < 2 * Order; i++) _exp[i] = _exp[i - Order];
    }

    /// <summary>m, the number of bits per element.</summary>
    public int Degree { get; }

    /// <summary>2^m, the number of elements.</summary>
    public int Size { get; }

    /// <summary>2^m − 1, the multiplicative order of α.</summary>
    public int Order { get; }

    /// <summary>The primitive polynomial the field was built from.</summary>
    public int PrimitivePolynomial { get; }

    /// <summary>α^<paramref name="power"/> for any integer power (negative powers are inverses).</summary>
    public int Exp(int power)
    {
        int p = power % Order;
        return _exp[p < 0 ? p + Order : p];
    }

    /// <summary>The discrete logarithm of a non-zero element.</summary>
    public int Log(int element)
    {
        if (element <= 0 || element >= Size) throw new ArgumentOutOfRangeException(nameof(element), element, "Only non-zero field elements have a logarithm.");
        return _log[element];
    }

    /// <summary>The product of two elements.</summary>
    public int Multiply(int a, int b) => a == 0 || b == 0 ? 0 : _exp[_log[a] + _log[b]];

    /// <summary>The multiplicative inverse of a non-zero element.</summary>
    public int Inverse(int a)
    {
        if (a == 0) throw new DivideByZeroException("Zero has no inverse in a field.");
        return _exp[(Order - _log[a]) % Order];
    }

    /// <summary><paramref name="a"/> to the power <paramref name="power"/>.</summary>
    public int Pow(int a, int power)
    {
        if (a == 0) return power == 0 ? 1 : 0;
        long p = (long)_log[a] * power % Order;
        return _exp[p < 0 ? p + Order : p];
    }
}
