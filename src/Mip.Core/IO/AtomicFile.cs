namespace Mip.IO;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so readers never see a half-written file and a crash or
/// an exception in the middle leaves the previous version (or nothing) in place.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Throws a <see cref="MipInputException"/> naming <paramref name="path"/> when its folder does not exist, so that a
    /// long job can refuse an unwritable output before it starts rather than when it writes.
    /// </summary>
    /// <returns>The folder.</returns>
    public static string RequireFolder(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(dir))
            throw new MipInputException($"Cannot write '{path}': the folder '{dir}' does not exist.");
        return dir;
    }

    /// <summary>Calls <paramref name="write"/> on a temporary file beside <paramref name="path"/> and renames it over the target on success.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string dir = RequireFolder(path);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MipInputException($"Cannot write '{path}': permission denied.", e);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Writes all bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => s.Write(new System.Text.UTF8Encoding(false).GetBytes(text)));
}
