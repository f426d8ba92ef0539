using System.Globalization;

namespace Mip.Data;

/// <summary>
/// A whitespace-separated text index (images.txt, Ebay_train.txt, ...) read whole, with helpers that turn a bad line
/// into a <see cref="DatasetException"/> naming the file and the 1-based line number.
/// </summary>
internal sealed class IndexFile
{
    private IndexFile(string path, string[] lines)
    {
        Path = path;
        Lines = lines;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>All lines; line number n is at index n - 1.</summary>
    public string[] Lines { get; }

    /// <summary>The non-blank lines from <paramref name="firstLine"/> (1-based) on, with their line numbers.</summary>
    public IEnumerable<(int Number, string Text)> Entries(int firstLine = 1)
    {
        for (int i = firstLine - 1; i < Lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(Lines[i])) yield return (i + 1, Lines[i]);
        }
    }

    /// <summary>Reads the whole file; a missing or unreadable file is a <see cref="DatasetException"/>.</summary>
    public static IndexFile Read(string path)
    {
        try
        {
            return new IndexFile(path, File.ReadAllLines(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException($"Index file '{path}' does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot read index file '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Splits a line at whitespace into exactly <paramref name="count"/> fields; the last field takes the rest of the
    /// line (so a trailing path may contain spaces). Fewer fields is a malformed line described by <paramref name="format"/>.
    /// </summary>
    public string[] Fields(int lineNumber, string text, int count, string format)
    {
        var fields = text.Trim().Split((char[]?)null, count, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != count) throw Malformed(lineNumber, text, $"expected '{format}'");
        return fields;
    }

    /// <summary>
    /// Splits a line whose first field is a path (which may contain spaces) followed by <paramref name="trailing"/>
    /// whitespace-free fields; returns the path then the trailing fields.
    /// </summary>
    public string[] PathThenFields(int lineNumber, string text, int trailing, string format)
    {
        var fields = new string[trailing + 1];
        string rest = text.Trim();
        for (int k = trailing; k >= 1; k--)
        {
            int cut = rest.AsSpan().LastIndexOfAny(' ', '\t');
            if (cut < 0) throw Malformed(lineNumber, text, $"expected '{format}'");
            fields[k] = rest[(cut + 1)..];
            rest = rest[..cut].TrimEnd();
        }
        fields[0] = rest;
        return fields;
    }

    /// <summary>Parses a positive decimal integer field.</summary>
    public int PositiveInt(int lineNumber, string text, string field, string what)
    {
        if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            throw Malformed(lineNumber, text, $"the {what} '{field}' is not a positive integer");
        return value;
    }

    /// <summary>Joins a path from the index to <paramref name="folder"/>; an absolute path in the index is malformed.</summary>
    public string ImagePath(int lineNumber, string text, string folder, string relative)
    {
        if (System.IO.Path.IsPathRooted(relative))
            throw Malformed(lineNumber, text, $"the image path '{relative}' should be relative");
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, relative));
    }

    /// <summary>An error for a bad line: file, line number, problem and the line itself.</summary>
    public DatasetException Malformed(int lineNumber, string text, string problem)
    {
        string shown = text.Length > 200 ? text[..200] + "..." : text;
        return new DatasetException($"'{Path}' line {lineNumber}: {problem}; the line reads '{shown}'.");
    }
}
