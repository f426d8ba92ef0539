namespace Mip.Data.Matlab;

/// <summary>A struct array: every element has the same fields, each holding an array of any kind.</summary>
public sealed class MatStructArray : MatArray
{
    private readonly Dictionary<string, int> _fieldIndex;
    private readonly MatArray[] _values;

    internal MatStructArray(string name, int[] dimensions, string location, string source, string[] fieldNames,
        MatArray[] values)
        : base(MatClass.Struct, name, dimensions, location, source)
    {
        FieldNames = Array.AsReadOnly(fieldNames);
        _fieldIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fieldNames.Length; i++) _fieldIndex[fieldNames[i]] = i;
        _values = values;
    }

    /// <summary>The field names in file order.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>True when the struct has a field of this name.</summary>
    public bool HasField(string field) => _fieldIndex.ContainsKey(field);

    /// <summary>The value of <paramref name="field"/> in the element at a 0-based column-major index.</summary>
    public MatArray Get(int index, string field)
    {
        if (!_fieldIndex.TryGetValue(field, out int f))
            throw Error($"has no field '{field}'; its fields are: {string.Join(", ", FieldNames)}.");
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Location} has {Count} elements.");
        return _values[index * FieldNames.Count + f];
    }

    /// <summary>The value of <paramref name="field"/> in a 1x1 struct.</summary>
    public MatArray Field(string field)
    {
        if (Count != 1) throw Error($"expected a single struct, found a {Shape} struct array.");
        return Get(0, field);
    }
}
