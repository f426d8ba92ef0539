using Mip.Defences.Filters;
using Mip.Images;

namespace Mip.Tests.Defences;

public sealed class InputFilterTests
{
    private static RgbImage Constant(int size, byte r, byte g, byte b)
    {
        var image = new RgbImage(size, size);
        for (int i = 0; i < image.Pixels.Length; i += 3) (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = (r, g, b);
        return image;
    }

    private static RgbImage Dot(int size, int x, int y)
    {
        var image = Constant(size, 0, 0, 0);
        int at = 3 * (y * size + x);
        image.Pixels[at] = image.Pixels[at + 1] = image.Pixels[at + 2] = 255;
        return image;
    }

    private static byte Red(RgbImage image, int x, int y) => image.Pixels[3 * (y * image.Width + x)];

    [Theory]
    [MemberData(nameof(StandardNames))]
    public void Every_standard_filter_keeps_a_flat_image_flat(string name)
    {
        var flat = Constant(24, 40, 120, 200);
        var filtered = FilterCatalog.Create(name).Apply(flat);
        Assert.Equal(flat.Width, filtered.Width);
        Assert.All(Enumerable.Range(0, filtered.Pixels.Length), i => Assert.InRange(filtered.Pixels[i], flat.Pixels[i] - 1, flat.Pixels[i] + 1));
    }

    public static TheoryData<string> StandardNames() => new(FilterCatalog.Standard);

    [Fact]
    public void The_mean_filter_spreads_a_dot_evenly_over_its_window()
    {
        var filtered = new MeanFilter(3).Apply(Dot(9, 4, 4));
        // 255 / 9 = 28.33: every pixel of the 3x3 window around the dot, nothing outside it.
        Assert.Equal(28, Red(filtered, 3, 3));
        Assert.Equal(28, Red(filtered, 4, 4));
        Assert.Equal(28, Red(filtered, 5, 5));
        Assert.Equal(0, Red(filtered, 6, 4));
        Assert.Equal(filtered.Pixels, new BoxFilter(3).Apply(Dot(9, 4, 4)).Pixels);
    }

    [Fact]
    public void The_median_filter_removes_an_isolated_dot_and_the_gaussian_keeps_its_centre_brightest()
    {
        Assert.All(new MedianFilter(3).Apply(Dot(9, 4, 4)).Pixels, p => Assert.Equal(0, p));
        var blurred = new GaussianFilter(3).Apply(Dot(9, 4, 4));
        // With sigma derived from kernel 3, OpenCV takes its fixed 1-D kernel [1/4, 1/2, 1/4]: centre 255/4 = 63.75,
        // side neighbour 255/8 = 31.9, corner 255/16 = 15.9.
        Assert.Equal(64, Red(blurred, 4, 4));
        Assert.Equal(32, Red(blurred, 3, 4));
        Assert.Equal(16, Red(blurred, 3, 3));
    }

    [Theory]
    [InlineData("median-4", "odd")]
    [InlineData("mean-1", "odd")]
    [InlineData("gaussian-x", "Unknown filter")]
    [InlineData("sharpen-3", "Unknown filter")]
    [InlineData("nlmeans-h0", "positive")]
    public void Bad_filter_settings_are_refused_with_a_clear_message(string name, string expected)
    {
        var error = Assert.Throws<FilterException>(() => FilterCatalog.Create(name));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Non_local_means_smooths_noise_but_keeps_an_edge()
    {
        var image = new RgbImage(32, 32);
        var random = new Random(3);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                for (int c = 0; c < 3; c++)
                    image.Pixels[3 * (y * 32 + x) + c] = (byte)Math.Clamp((x < 16 ? 60 : 190) + random.Next(-12, 13), 0, 255);
        var filtered = new NonLocalMeansFilter().Apply(image);
        double Spread(RgbImage im) => Enumerable.Range(2, 10).Select(x => (double)Red(im, x, 10)).Select(v => v - 60).Select(v => v * v).Average();
        Assert.True(Spread(filtered) < Spread(image) / 2, $"noise {Spread(image)} -> {Spread(filtered)}");
        Assert.True(Red(filtered, 24, 10) - Red(filtered, 8, 10) > 100, "the edge between the halves survives");
    }
}
