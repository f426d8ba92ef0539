using System.Diagnostics;
using Mip.Data;
using Mip.Images;
using Mip.IO;

namespace Mip.Triggers;

/// <summary>
/// Applies a trigger to one image file or to every image under a folder and writes the results, all or nothing:
/// every input's header is checked before anything is written, outputs are first written to a hidden staging
/// folder, and only when every image succeeded are they moved into place. A failure leaves no partial output.
/// </summary>
public static class ImageProtector
{
    /// <summary>The (input, output) pairs <see cref="Protect"/> would process, after checking paths.</summary>
    /// <exception cref="MipInputException">The input is missing or holds no images, or the output cannot be used.</exception>
    public static IReadOnlyList<(string Input, string Output)> Plan(string input, string output, ProtectedFormat format = ProtectedFormat.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        if (File.Exists(input))
        {
            string target = Directory.Exists(output)
                ? Path.Combine(output, Path.GetFileNameWithoutExtension(input) + Extension(format == ProtectedFormat.Auto ? ProtectedFormat.Png : format))
                : output;
            CheckOutputFile(target, format);
            if (Path.GetFullPath(target) == Path.GetFullPath(input))
                throw new MipInputException($"The output '{output}' is the input file itself; choose another name so the original is kept.");
            return [(input, target)];
        }
        if (!Directory.Exists(input))
            throw new MipInputException($"The input '{input}' does not exist (give an image file or a folder of images).");
        if (File.Exists(output))
            throw new MipInputException($"The input '{input}' is a folder, so the output '{output}' must be a folder too, but it is a file.");
        string inputFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(input));
        string outputFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        if (outputFull == inputFull || outputFull.StartsWith(inputFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new MipInputException($"The output folder '{output}' is inside the input folder '{input}'; choose a folder outside it.");
        string[] images = ImageFiles.SortedImagesUnder(inputFull);
        if (images.Length == 0)
            throw new MipInputException($"The folder '{input}' holds no image files (.jpg, .jpeg, .png, .bmp, .gif, .webp).");
        string extension = Extension(format == ProtectedFormat.Auto ? ProtectedFormat.Png : format);
        var plan = images.Select(path => (path, Path.Combine(outputFull,
            Path.ChangeExtension(Path.GetRelativePath(inputFull, path), extension)))).ToList();
        foreach (var (_, target) in plan)
            if (Directory.Exists(target)) throw new MipInputException($"Cannot write '{target}': it is a folder.");
        var clash = plan.GroupBy(p => p.Item2, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new MipInputException(
                $"'{string.Join("' and '", clash.Select(c => c.path))}' would both be written as '{clash.Key}'; rename one of them.");
        return plan;
    }

    /// <summary>
    /// Protects <paramref name="input"/> (a file or a folder) into <paramref name="output"/>; <paramref name="progress"/>
    /// receives the number of images done.
    /// </summary>
    /// <exception cref="MipInputException">An input cannot be read (the message names it) or the output cannot be written; nothing was written.</exception>
    public static ProtectionSummary Protect(ITrigger trigger, string input, string output, ProtectedFormat format = ProtectedFormat.Auto,
        int jpegQuality = ImageWriter.DefaultJpegQuality, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (jpegQuality is < 1 or > 100) throw new MipInputException($"JPEG quality must be between 1 and 100, not {jpegQuality}.");
        var clock = Stopwatch.StartNew();
        var plan = Plan(input, output, format);
        // Headers first: an unsupported, damaged or oversized file stops the run before anything is written.
        foreach (var (source, _) in plan) ImageReader.ReadHeader(source);

        // Stage beside the final output (same file system, so moving into place is a rename).
        string stagingParent = File.Exists(input)
            ? Path.GetDirectoryName(Path.GetFullPath(plan[0].Output))!
            : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(output)))!;
        if (!Directory.Exists(stagingParent))
            throw new MipInputException($"Cannot write '{output}': the folder '{stagingParent}' does not exist.");
        string staging = Path.Combine(stagingParent, $".mip-protect-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MipInputException($"Cannot write into '{stagingParent}': {e.Message}", e);
        }

        var staged = new List<(string Staged, string Final)>(plan.Count);
        try
        {
            for (int i = 0; i < plan.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var (source, target) = plan[i];
                RgbImage protectedImage = trigger.Apply(ImageReader.Load(source));
                string stagedPath = Path.Combine(staging, $"{i:D6}{Path.GetExtension(target)}");
                if (IsJpeg(target, format)) ImageWriter.SaveJpeg(protectedImage, stagedPath, jpegQuality);
                else ImageWriter.SavePng(protectedImage, stagedPath);
                staged.Add((stagedPath, target));
                progress?.Report(i + 1);
            }
            foreach (var (stagedPath, final) in staged)
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(final)); // a bare file name's folder would be "", which CreateDirectory rejects
                if (folder is not null) Directory.CreateDirectory(folder);
                File.Move(stagedPath, final, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MipInputException($"Cannot write the protected images to '{output}': {e.Message}", e);
        }
        finally
        {
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return new ProtectionSummary(plan.Select(p => p.Output).ToList(), trigger.Id, clock.Elapsed);
    }

    private static void CheckOutputFile(string target, ProtectedFormat format)
    {
        if (Directory.Exists(target))
            throw new MipInputException($"Cannot write '{target}': it is a folder.");
        if (format != ProtectedFormat.Auto) return;
        string extension = Path.GetExtension(target).ToLowerInvariant();
        if (extension is not (".png" or ".jpg" or ".jpeg"))
            throw new MipInputException($"Cannot write '{target}': the extension '{extension}' is not .png, .jpg or .jpeg (or choose --format).");
    }

    private static bool IsJpeg(string target, ProtectedFormat format) => format switch
    {
        ProtectedFormat.Jpeg => true,
        ProtectedFormat.Png => false,
        _ => Path.GetExtension(target).ToLowerInvariant() is ".jpg" or ".jpeg",
    };

    private static string Extension(ProtectedFormat format) => format == ProtectedFormat.Jpeg ? ".jpg" : ".png";
}
