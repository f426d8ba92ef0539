namespace Mip.Data.Matlab;

/// <summary>
/// A numeric or logical array. Values of every class and every stored type (MATLAB may store a double array as
/// uint8 when the values fit) are widened to <see cref="double"/>, exact for all integers up to 2^53 in magnitude.
/// </summary>
public sealed class MatNumericArray : MatArray
{
    internal MatNumericArray(MatClass matClass, string name, int[] dimensions, string location, string source,
        double[] real, double[]? imaginary, bool isLogical)
        : base(matClass, name, dimensions, location, source)
    {
        Real = Array.AsReadOnly(real);
        Imaginary = imaginary is null ? null : Array.AsReadOnly(imaginary);
        IsLogical = isLogical;
    }

    /// <summary>The real parts in column-major order.</summary>
    public IReadOnlyList<double> Real { get; }

    /// <summary>The imaginary parts in column-major order, or null for a real array.</summary>
    public IReadOnlyList<double>? Imaginary { get; }

    /// <summary>True for a complex array.</summary>
    public bool IsComplex => Imaginary is not null;

    /// <summary>True for a MATLAB logical array.</summary>
    public bool IsLogical { get; }

    /// <summary>The single value of a real 1x1 array.</summary>
    public double ToScalar()
    {
        if (Count != 1) throw Error($"expected a single value, found a {Shape} array.");
        if (IsComplex) throw Error("expected a real value, found a complex one.");
        return Real[0];
    }

    /// <summary>The single value of a real 1x1 array, which must be a whole number that fits an <see cref="int"/>.</summary>
    public int ToInt32Scalar()
    {
        double value = ToScalar();
        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
            throw Error($"expected a whole number, found {value}.");
        return (int)value;
    }
}
