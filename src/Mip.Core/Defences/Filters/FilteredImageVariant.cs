using Mip.Data;
using Mip.Images;
using Mip.Learning.Training;

namespace Mip.Defences.Filters;

/// <summary>An image variant (clean or protected) passed through an adversary's filter: what reaches the search engine.</summary>
public sealed class FilteredImageVariant(IImageVariant inner, IInputFilter filter) : IImageVariant
{
    /// <summary>The variant before filtering.</summary>
    public IImageVariant Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The filter.</summary>
    public IInputFilter Filter { get; } = filter ?? throw new ArgumentNullException(nameof(filter));

    /// <inheritdoc/>
    public string Name => $"{Inner.Name}|{Filter.Name}";

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage resized, ImageRecord record) => Filter.Apply(Inner.Apply(resized, record));
}
