namespace Mip.Data.Matlab;

/// <summary>
/// One array read from a MAT-file: a top-level variable, or an element of a cell or struct array.
/// Use <see cref="AsNumeric"/>, <see cref="AsChar"/>, <see cref="AsCell"/> or <see cref="AsStruct"/> to get the
/// typed view; each throws a <see cref="MatFileException"/> naming the file and the element when the kind differs.
/// </summary>
public abstract class MatArray
{
    private protected MatArray(MatClass matClass, string name, int[] dimensions, string location, string source)
    {
        Class = matClass;
        Name = name;
        Dimensions = Array.AsReadOnly(dimensions);
        long count = 1;
        foreach (int d in dimensions) count *= d;
        Count = checked((int)count);
        Location = location;
        Source = source;
    }

    /// <summary>The MATLAB class of the array.</summary>
    public MatClass Class { get; }

    /// <summary>The variable name; empty for elements of cell and struct arrays.</summary>
    public string Name { get; }

    /// <summary>The dimensions, at least two (MATLAB never writes fewer).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The number of elements (product of the dimensions).</summary>
    public int Count { get; }

    /// <summary>Where the array sits in the file, in MATLAB syntax with 1-based indices, e.g. <c>annotations(5).class</c>.</summary>
    public string Location { get; }

    /// <summary>The file (or stream name) the array was read from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The dimensions written the MATLAB way, e.g. <c>1x196</c>.</summary>
    public string Shape => string.Join('x', Dimensions);

    /// <summary>This array as a numeric (or logical) array.</summary>
    public MatNumericArray AsNumeric() => this as MatNumericArray ?? throw WrongKind("a numeric array");

    /// <summary>This array as a char array.</summary>
    public MatCharArray AsChar() => this as MatCharArray ?? throw WrongKind("a char array");

    /// <summary>This array as a cell array.</summary>
    public MatCellArray AsCell() => this as MatCellArray ?? throw WrongKind("a cell array");

    /// <summary>This array as a struct array.</summary>
    public MatStructArray AsStruct() => this as MatStructArray ?? throw WrongKind("a struct array");

    /// <summary>An error about this array, prefixed with the file and the array's location.</summary>
    public MatFileException Error(string problem) => new($"'{Source}': {Location}: {problem}");

    private MatFileException WrongKind(string expected) =>
        Error($"expected {expected}, found a {Shape} {Class.ToString().ToLowerInvariant()} array.");
}
