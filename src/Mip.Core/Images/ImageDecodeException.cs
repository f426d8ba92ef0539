using Mip.IO;

namespace Mip.Images;

/// <summary>
/// An image file or upload that cannot be decoded. The message starts with the quoted name of the image and says
/// what is wrong; <see cref="Problem"/> says the same for code that needs to react (for example an HTTP status).
/// </summary>
public sealed class ImageDecodeException : MipInputException
{
    /// <summary>Creates the error; <paramref name="detail"/> follows the quoted name, e.g. "is truncated: ...".</summary>
    public ImageDecodeException(string sourceName, ImageProblem problem, string detail, Exception? inner = null)
        : base($"'{sourceName}' {detail}", inner)
    {
        SourceName = sourceName;
        Problem = problem;
    }

    /// <summary>
    /// The file path or upload name as the caller gave it. (Named so because <see cref="Exception.Source"/> already
    /// means the assembly that threw.)
    /// </summary>
    public string SourceName { get; }

    /// <summary>The kind of problem.</summary>
    public ImageProblem Problem { get; }
}
