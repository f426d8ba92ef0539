using Mip.Images;

namespace Mip.Defences.Filters;

/// <summary>
/// An image filter an adversary may run over query and gallery images before searching, hoping to wash out an
/// invisible trigger (the paper's black-box defences, Fig. 11).
/// </summary>
public interface IInputFilter
{
    /// <summary>Stable name, e.g. "median-5"; part of feature-cache keys and report rows.</summary>
    string Name { get; }

    /// <summary>The filtered copy of <paramref name="image"/> (same size); the argument is not modified.</summary>
    RgbImage Apply(RgbImage image);
}
