namespace Mip.Data;

/// <summary>Shared checks on image files: existence of listed images and discovery of images in folders.</summary>
internal static class ImageFiles
{
    /// <summary>The file extensions counted as images when scanning folders (compared case-insensitively).</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(
        [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a file name with an image extension.</summary>
    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// Throws one <see cref="DatasetException"/> listing the first missing images and how many there are, when
    /// <see cref="DatasetReadOptions.VerifyFiles"/> asks for the check.
    /// </summary>
    public static void VerifyExist(string datasetDescription, IReadOnlyCollection<ImageRecord> images, DatasetReadOptions options)
    {
        if (!options.VerifyFiles) return;
        var missing = images.Where(i => !File.Exists(i.Path)).Select(i => i.Path).ToList();
        if (missing.Count > 0)
            throw DatasetException.MissingFiles($"{datasetDescription}: listed images", missing, images.Count);
    }

    /// <summary>Throws one <see cref="DatasetException"/> naming every required index file that is absent.</summary>
    public static void RequireFiles(string datasetDescription, params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
            throw DatasetException.MissingFiles($"{datasetDescription}: required index files", missing);
    }

    /// <summary>The non-hidden subfolders of <paramref name="folder"/>, in ordinal name order.</summary>
    public static string[] SortedSubfolders(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder)
                .Where(d => !Path.GetFileName(d).StartsWith('.'))
                .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot list the folder '{folder}': {e.Message}", e);
        }
    }

    /// <summary>The image files under <paramref name="folder"/> (recursively), in ordinal order of their relative paths.</summary>
    public static string[] SortedImagesUnder(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(IsImage)
                .Select(Path.GetFullPath)
                .OrderBy(p => Path.GetRelativePath(folder, p), StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot list the images under '{folder}': {e.Message}", e);
        }
    }

    /// <summary>True when some non-hidden subfolder of <paramref name="folder"/> holds an image; never throws.</summary>
    public static bool HasClassFolders(string folder)
    {
        try
        {
            return Directory.Exists(folder) && Directory.EnumerateDirectories(folder)
                .Where(d => !Path.GetFileName(d).StartsWith('.'))
                .Any(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any(IsImage));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
