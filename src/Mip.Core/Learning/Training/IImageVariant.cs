using Mip.Data;
using Mip.Images;

namespace Mip.Learning.Training;

/// <summary>
/// A deterministic version of a training image (the clean image, or later a triggered copy). Variants are applied to
/// the image after it is resized to the model's input, and the feature cache is keyed by (image id, variant name).
/// </summary>
public interface IImageVariant
{
    /// <summary>Stable name, part of the feature-cache key, e.g. "clean".</summary>
    string Name { get; }

    /// <summary>Returns the variant of <paramref name="resized"/> (the image of <paramref name="record"/> at input size); must not modify its argument.</summary>
    RgbImage Apply(RgbImage resized, ImageRecord record);
}

/// <summary>The unchanged image.</summary>
public sealed class CleanImageVariant : IImageVariant
{
    /// <summary>The one instance.</summary>
    public static CleanImageVariant Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "clean";

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage resized, ImageRecord record) => resized;
}
