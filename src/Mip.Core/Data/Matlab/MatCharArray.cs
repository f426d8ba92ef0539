namespace Mip.Data.Matlab;

/// <summary>A char array; a 1xN array is one string, an MxN array is M strings of equal length.</summary>
public sealed class MatCharArray : MatArray
{
    internal MatCharArray(string name, int[] dimensions, string location, string source, string[] rows)
        : base(MatClass.Char, name, dimensions, location, source)
    {
        Rows = Array.AsReadOnly(rows);
    }

    /// <summary>The rows of the array (MATLAB stores chars column-major; these are already put back in row order).</summary>
    public IReadOnlyList<string> Rows { get; }

    /// <summary>The text of a single-row (or empty) char array.</summary>
    public string Text => Rows.Count switch
    {
        0 => "",
        1 => Rows[0],
        _ => throw Error($"expected a single string, found a {Shape} char array."),
    };

    /// <inheritdoc/>
    public override string ToString() => string.Join('\n', Rows);
}
