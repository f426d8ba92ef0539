using System.Globalization;
using System.Security.Cryptography;
using Mip.Images;
using static TorchSharp.torch;

namespace Mip.Triggers;

/// <summary>
/// The Blended attack of Chen et al. (2017): the whole image is mixed with a key pattern image,
/// value' = (1 − α)·value + α·pattern, rounded to the nearest level. The pattern is resized to each image's size
/// (Pillow-exact bilinear); the default pattern is Chen et al.'s random-noise key, here a fixed seeded noise image.
/// </summary>
public sealed class BlendedImageTrigger : ITrigger
{
    /// <summary>The blend weight used when none is given (Chen et al.'s α = 0.2).</summary>
    public const double DefaultAlpha = 0.2;

    /// <summary>The name of the built-in noise pattern in ids.</summary>
    public const string DefaultPatternName = "noise-2017";

    /// <summary>Id prefix.</summary>
    public const string IdPrefix = "blended-image";

    private const int DefaultPatternSize = 224;
    private readonly Dictionary<(int Width, int Height), byte[]> _resized = new();
    private readonly object _gate = new();

    /// <summary>Blends <paramref name="pattern"/> with weight <paramref name="alpha"/>; <paramref name="patternName"/> goes into the id.</summary>
    public BlendedImageTrigger(RgbImage pattern, double alpha, string patternName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentException.ThrowIfNullOrWhiteSpace(patternName);
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The blend weight α must be in (0, 1).");
        Pattern = pattern;
        Alpha = alpha;
        PatternName = patternName;
        Id = FormattableString.Invariant($"{IdPrefix}:alpha={alpha:0.####}:pattern={patternName}");
    }

    /// <summary>Chen et al.'s random-noise key (seeded, 224×224) with α = <paramref name="alpha"/>.</summary>
    public static BlendedImageTrigger WithDefaultPattern(double alpha = DefaultAlpha) =>
        new(NoisePattern(DefaultPatternSize, DefaultPatternSize, 2017), alpha, DefaultPatternName);

    /// <summary>Uses the image at <paramref name="patternPath"/> as the key; its id names the pattern by a SHA-256 prefix of its pixels.</summary>
    /// <exception cref="ImageDecodeException">The pattern file cannot be read.</exception>
    public static BlendedImageTrigger FromPatternFile(string patternPath, double alpha = DefaultAlpha)
    {
        RgbImage pattern = ImageReader.Load(patternPath);
        return new BlendedImageTrigger(pattern, alpha, PatternDigest(pattern));
    }

    /// <summary>"sha256-" and the first 12 hex digits of the SHA-256 of the pattern's size and pixels.</summary>
    public static string PatternDigest(RgbImage pattern)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(pattern.Width));
        hash.AppendData(BitConverter.GetBytes(pattern.Height));
        hash.AppendData(pattern.Pixels);
        return "sha256-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    /// <summary>A uniform random RGB noise image from a fixed seed (the same on every machine).</summary>
    public static RgbImage NoisePattern(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>The key pattern at its own size.</summary>
    public RgbImage Pattern { get; }

    /// <summary>The blend weight α of the pattern.</summary>
    public double Alpha { get; }

    /// <summary>The pattern's name in the id.</summary>
    public string PatternName { get; }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        byte[] pattern = PatternAt(image.Width, image.Height);
        var result = new RgbImage(image.Width, image.Height);
        byte[] source = image.Pixels, target = result.Pixels;
        for (int i = 0; i < source.Length; i++)
            target[i] = (byte)Math.Clamp(Math.Round(Blend(source[i], pattern[i]), MidpointRounding.ToEven), 0, 255);
        return result;
    }

    /// <inheritdoc/>
    public Tensor Apply(Tensor batch)
    {
        TriggerChecks.CheckBatch(batch);
        int height = (int)batch.shape[2], width = (int)batch.shape[3];
        byte[] pattern = PatternAt(width, height);
        var planes = new double[pattern.Length];
        long plane = (long)width * height;
        for (long p = 0; p < plane; p++)
        {
            planes[p] = pattern[p * 3];
            planes[plane + p] = pattern[p * 3 + 1];
            planes[2 * plane + p] = pattern[p * 3 + 2];
        }
        using var scope = NewDisposeScope();
        // Double precision and the same operation order as Blend, so batch and image results agree to the level.
        Tensor levels = (batch.to(ScalarType.Float64) * 255).round();
        Tensor key = tensor(planes, [1, 3, height, width]).to(batch.device);
        Tensor mixed = levels * (1 - Alpha) + key * Alpha;
        return (mixed.round().clamp(0, 255) / 255).to(batch.dtype).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ToString() => Id;

    private double Blend(byte value, byte key) => value * (1 - Alpha) + key * Alpha;

    private byte[] PatternAt(int width, int height)
    {
        lock (_gate)
        {
            if (!_resized.TryGetValue((width, height), out var pixels))
            {
                pixels = Pattern.Width == width && Pattern.Height == height ? Pattern.Pixels : Pattern.Resize(width, height).Pixels;
                if (_resized.Count > 64) _resized.Clear();
                _resized[(width, height)] = pixels;
            }
            return pixels;
        }
    }
}
