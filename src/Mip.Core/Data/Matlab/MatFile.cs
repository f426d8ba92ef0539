namespace Mip.Data.Matlab;

/// <summary>
/// The variables of a MATLAB Level 5 MAT-file (what MATLAB writes with <c>-v6</c> or <c>-v7</c>, compressed or not).
/// Decodes numeric, logical, char, cell and struct arrays; other classes are kept as <see cref="MatUnsupportedArray"/>.
/// MAT v4 and v7.3 (HDF5) files are refused with a <see cref="MatFileException"/>.
/// </summary>
public sealed class MatFile
{
    private readonly Dictionary<string, MatArray> _variables;

    internal MatFile(string source, string headerText, List<MatArray> variables)
    {
        Source = source;
        HeaderText = headerText;
        _variables = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        foreach (var v in variables)
        {
            if (!_variables.TryAdd(v.Name, v))
                throw new MatFileException($"'{source}' holds the variable '{v.Name}' twice.");
        }
        VariableNames = variables.Select(v => v.Name).ToArray();
    }

    /// <summary>The file (or stream name) the variables were read from.</summary>
    public string Source { get; }

    /// <summary>The descriptive text of the 128-byte header, e.g. <c>MATLAB 5.0 MAT-file, Platform: ...</c>.</summary>
    public string HeaderText { get; }

    /// <summary>The names of the variables, in file order.</summary>
    public IReadOnlyList<string> VariableNames { get; }

    /// <summary>The variable of this name, or a <see cref="MatFileException"/> listing the variables there are.</summary>
    public MatArray this[string name] => TryGet(name, out var v)
        ? v
        : throw new MatFileException(
            $"'{Source}' has no variable '{name}'; it has: {(VariableNames.Count == 0 ? "none" : string.Join(", ", VariableNames))}.");

    /// <summary>Looks a variable up by name.</summary>
    public bool TryGet(string name, out MatArray variable) => _variables.TryGetValue(name, out variable!);

    /// <summary>Reads and decodes a MAT-file.</summary>
    public static MatFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MatFileException($"MAT-file '{path}' does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MatFileException($"Cannot read MAT-file '{path}': {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Decodes a MAT-file held in memory; <paramref name="source"/> names it in error messages.</summary>
    public static MatFile Parse(ReadOnlyMemory<byte> bytes, string source) => MatParser.Parse(bytes, source);
}
