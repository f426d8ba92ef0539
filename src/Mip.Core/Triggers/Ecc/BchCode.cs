namespace Mip.Triggers.Ecc;

/// <summary>
/// A binary BCH code over GF(2^m), shortened to a chosen number of data bits: it corrects up to
/// <see cref="CorrectableErrors"/> flipped bits anywhere in a codeword and reports failure (rather than guessing)
/// when the errors cannot be located consistently.
/// </summary>
/// <remarks>
/// The generator polynomial is the least common multiple of the minimal polynomials of α^1 .. α^(2t), so every
/// codeword has α^1 .. α^(2t) as roots and the minimum distance is at least 2t + 1. Codewords are systematic: the data
/// bits come first, then the parity bits. Decoding computes the 2t syndromes, finds the error-locator polynomial with
/// Berlekamp–Massey and its roots with a Chien search restricted to the positions the shortened code actually has;
/// a locator whose roots are fewer than its degree, or fall in the shortened-away positions, means more than t errors.
/// More than t errors are usually detected, but a pattern close to another codeword is decoded to that codeword,
/// which is why callers that must not accept garbage add a checksum inside the data.
/// </remarks>
public sealed class BchCode
{
    private readonly GaloisField _field;
    private readonly bool[] _generator; // coefficient of x^i at index i; degree = ParityBits

    /// <summary>Builds the code that corrects <paramref name="correctableErrors"/> bit errors and carries <paramref name="dataBits"/> data bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">t is not positive, or the data do not fit the field's code length.</exception>
    public BchCode(GaloisField field, int correctableErrors, int dataBits)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(correctableErrors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dataBits);
        _field = field;
        CorrectableErrors = correctableErrors;
        _generator = BuildGenerator(field, correctableErrors);
        ParityBits = _generator.Length - 1;
        int maxData = field.Order - ParityBits;
        if (maxData <= 0)
            throw new ArgumentOutOfRangeException(nameof(correctableErrors), correctableErrors,
                $"GF(2^{field.Degree}) cannot correct {correctableErrors} errors: the parity alone fills its code length {field.Order}.");
        if (dataBits > maxData)
            throw new ArgumentOutOfRangeException(nameof(dataBits), dataBits,
                $"A BCH code over GF(2^{field.Degree}) correcting {correctableErrors} errors carries at most {maxData} data bits.");
        DataBits = dataBits;
        CodewordBits = dataBits + ParityBits;
    }

    /// <summary>t, the number of bit errors every codeword survives.</summary>
    public int CorrectableErrors { get; }

    /// <summary>Data bits per codeword.</summary>
    public int DataBits { get; }

    /// <summary>Parity bits per codeword (the degree of the generator polynomial).</summary>
    public int ParityBits { get; }

    /// <summary>Bits per codeword: data then parity.</summary>
    public int CodewordBits { get; }

    /// <summary>The codeword for <paramref name="data"/>: the data bits followed by the parity bits.</summary>
    public bool[] Encode(ReadOnlySpan<bool> data)
    {
        if (data.Length != DataBits)
            throw new ArgumentException($"Expected {DataBits} data bits, got {data.Length}.", nameof(data));
        var codeword = new bool[CodewordBits];
        data.CopyTo(codeword);
        // Long division of data(x)·x^r by g(x); register[i] holds the coefficient of x^(r-1-i).
        var register = new bool[ParityBits];
        foreach (bool bit in data)
        {
            bool feedback = bit ^ register[0];
            Array.Copy(register, 1, register, 0, ParityBits - 1);
            register[ParityBits - 1] = false;
            if (feedback)
                for (int i = 0; i < ParityBits; i++)
                    register[i] ^= _generator[ParityBits - 1 - i];
        }
        register.CopyTo(codeword, DataBits);
        return codeword;
    }

    /// <summary>
    /// Corrects up to t flipped bits in <paramref name="received"/> and returns the data bits, or a failure when the
    /// word has more errors than the code can locate.
    /// </summary>
    public BchDecodeResult Decode(ReadOnlySpan<bool> received)
    {
        if (received.Length != CodewordBits)
            throw new ArgumentException($"Expected {CodewordBits} codeword bits, got {received.Length}.", nameof(received));
        var word = received.ToArray();
        int[] syndromes = Syndromes(word);
        if (syndromes.All(s => s == 0))
            return BchDecodeResult.Decoded(word[..DataBits], 0);

        int[] locator = BerlekampMassey(syndromes, out int errorCount);
        if (errorCount > CorrectableErrors || Degree(locator) != errorCount)
            return BchDecodeResult.Failed;

        // Chien search: an error at the bit whose polynomial degree is p makes Λ(α^-p) = 0.
        var positions = new List<int>(errorCount);
        for (int degree = 0; degree < CodewordBits; degree++)
        {
            if (Evaluate(locator, _field.Exp(-degree)) == 0)
                positions.Add(CodewordBits - 1 - degree);
        }
        if (positions.Count != errorCount)
            return BchDecodeResult.Failed;
        foreach (int index in positions) word[index] = !word[index];
        if (Syndromes(word).Any(s => s != 0))
            return BchDecodeResult.Failed;
        return BchDecodeResult.Decoded(word[..DataBits], errorCount);
    }

    private int[] Syndromes(bool[] word)
    {
        var syndromes = new int[2 * CorrectableErrors];
        for (int index = 0; index < word.Length; index++)
        {
            if (!word[index]) continue;
            int degree = word.Length - 1 - index;
            for (int j = 0; j < syndromes.Length; j++)
                syndromes[j] ^= _field.Exp((j + 1) * degree);
        }
        return syndromes;
    }

    /// <summary>The shortest LFSR (error locator Λ, Λ[0] = 1) that generates the syndromes S1..S2t.</summary>
    private int[] BerlekampMassey(int[] syndromes, out int length)
    {
        int size = syndromes.Length + 1;
        var current = new int[size];
        var previous = new int[size];
        current[0] = previous[0] = 1;
        length = 0;
        int shift = 1, previousDiscrepancy = 1;
        for (int n = 0; n < syndromes.Length; n++)
        {
            int discrepancy = syndromes[n];
            for (int i = 1; i <= length; i++)
                discrepancy ^= _field.Multiply(current[i], syndromes[n - i]);
            if (discrepancy == 0)
            {
                shift++;
                continue;
            }
            int factor = _field.Multiply(discrepancy, _field.Inverse(previousDiscrepancy));
            var before = (int[])current.Clone();
            for (int i = 0; i + shift < size; i++)
                current[i + shift] ^= _field.Multiply(factor, previous[i]);
            if (2 * length <= n)
            {
                length = n + 1 - length;
                previous = before;
                previousDiscrepancy = discrepancy;
                shift = 1;
            }
            else
            {
                shift++;
            }
        }
        return current;
    }

    private int Evaluate(int[] polynomial, int x)
    {
        int result = 0;
        for (int i = polynomial.Length - 1; i >= 0; i--)
            result = _field.Multiply(result, x) ^ polynomial[i];
        return result;
    }

    private static int Degree(int[] polynomial)
    {
        for (int i = polynomial.Length - 1; i >= 0; i--)
            if (polynomial[i] != 0) return i;
        return -1;
    }

    /// <summary>g(x) = lcm of the minimal polynomials of α^1 .. α^2t, as GF(2) coefficients, lowest degree first.</summary>
    private static bool[] BuildGenerator(GaloisField field, int t)
    {
        var covered = new HashSet<int>();
        int[] generator = [1];
        for (int i = 1; i <= 2 * t; i++)
        {
            int root = i % field.Order;
            if (covered.Contains(root)) continue;
            // The conjugates α^(i·2^j) share one minimal polynomial; multiply (x − α^c) over the whole coset.
            int[] minimal = [1];
            int c = root;
            do
            {
                covered.Add(c);
                minimal = MultiplyByLinear(field, minimal, field.Exp(c));
                c = c * 2 % field.Order;
            } while (c != root);
            generator = Multiply(field, generator, minimal);
        }
        var bits = new bool[generator.Length];
        for (int i = 0; i < generator.Length; i++)
        {
            if (generator[i] > 1) throw new InvalidOperationException("A BCH generator coefficient left GF(2); the field tables are wrong.");
            bits[i] = generator[i] == 1;
        }
        return bits;
    }

    private static int[] MultiplyByLinear(GaloisField field, int[] polynomial, int root)
    {
        // (p(x))·(x + root): in characteristic 2, minus is plus.
        var result = new int[polynomial.Length + 1];
        for (int i = 0; i < polynomial.Length; i++)
        {
            result[i + 1] ^= polynomial[i];
            result[i] ^= field.Multiply(polynomial[i], root);
        }
        return result;
    }

    private static int[] Multiply(GaloisField field, int[] a, int[] b)
    {
        var result = new int[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
                result[i + j] ^= field.Multiply(a[i], b[j]);
        return result;
    }
}
