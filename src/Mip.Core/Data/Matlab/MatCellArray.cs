namespace Mip.Data.Matlab;

/// <summary>A cell array: each element is itself an array of any kind.</summary>
public sealed class MatCellArray : MatArray
{
    internal MatCellArray(string name, int[] dimensions, string location, string source, MatArray[] elements)
        : base(MatClass.Cell, name, dimensions, location, source)
    {
        Elements = Array.AsReadOnly(elements);
    }

    /// <summary>The elements in column-major order.</summary>
    public IReadOnlyList<MatArray> Elements { get; }

    /// <summary>The element at a 0-based column-major index.</summary>
    public MatArray this[int index] => Elements[index];
}
