namespace Mip.Images;

/// <summary>What is wrong with an image that could not be read.</summary>
public enum ImageProblem
{
    /// <summary>The file does not exist.</summary>
    Missing,

    /// <summary>The file has no bytes at all.</summary>
    Empty,

    /// <summary>The data ends before the header or the pixels are complete.</summary>
    Truncated,

    /// <summary>The data starts like no image format at all (for example a text file named .jpg).</summary>
    NotAnImage,

    /// <summary>The data is an image in a format this program does not decode (for example TIFF or HEIC).</summary>
    UnsupportedFormat,

    /// <summary>The header declares more pixels than <see cref="ImageLoadOptions.MaxPixels"/> allows.</summary>
    TooLarge,

    /// <summary>The data has the right signature but its header or pixel data is invalid.</summary>
    Corrupt,

    /// <summary>The file exists but cannot be read (a folder, no permission, an I/O error).</summary>
    Unreadable,
}
