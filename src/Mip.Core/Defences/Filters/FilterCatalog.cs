using System.Globalization;

namespace Mip.Defences.Filters;

/// <summary>Builds filters from names such as "median-5" or "nlmeans".</summary>
public static class FilterCatalog
{
    /// <summary>The set the robustness report measures: mean, box, Gaussian and median at kernels 3 and 5, and non-local means.</summary>
    public static IReadOnlyList<string> Standard { get; } =
        ["mean-3", "mean-5", "box-3", "box-5", "gaussian-3", "gaussian-5", "median-3", "median-5", "nlmeans"];

    /// <summary>The filter called <paramref name="name"/>: kind-kernel (mean, box, gaussian, median) or nlmeans[-hH].</summary>
    /// <exception cref="FilterException">An unknown kind, or a bad kernel or strength.</exception>
    public static IInputFilter Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string text = name.Trim().ToLowerInvariant();
        if (text is "nlmeans" or "nl-means" or "non-local-means") return new NonLocalMeansFilter();
        if (text.StartsWith("nlmeans-h", StringComparison.Ordinal))
            return double.TryParse(text["nlmeans-h".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double h)
                ? new NonLocalMeansFilter(h, h)
                : throw new FilterException($"Unknown filter '{name}': the strength after nlmeans-h must be a number.");
        int dash = text.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(text[(dash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int kernel))
            throw new FilterException($"Unknown filter '{name}': use mean-K, box-K, gaussian-K, median-K (K odd) or nlmeans.");
        return text[..dash] switch
        {
            "mean" => new MeanFilter(kernel),
            "box" => new BoxFilter(kernel),
            "gaussian" => new GaussianFilter(kernel),
            "median" => new MedianFilter(kernel),
            _ => throw new FilterException($"Unknown filter '{name}': use mean-K, box-K, gaussian-K, median-K (K odd) or nlmeans."),
        };
    }
}
