namespace Mip.Images;

/// <summary>
/// Separable antialiased bilinear resampling that follows Pillow's algorithm (triangle filter whose support grows with
/// the shrink factor, fixed-point weights, rows first then columns, rounding to 8 bits in between), so images resized
/// here match what torchvision's PIL-based <c>Resize</c> feeds a network to within one level, usually exactly.
/// </summary>
internal static class BilinearResampler
{
    // Pillow keeps weights as fixed point with 22 fractional bits for 8-bit images; doing the same gives the same rounding.
    private const int PrecisionBits = 22;

    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        RgbImage horizontal = width == source.Width ? source : ResizeRows(source, width);
        return height == source.Height ? (ReferenceEquals(horizontal, source) ? source.Clone() : horizontal)
                                       : ResizeColumns(horizontal, height);
    }

    /// <summary>For each output position, the first input index and the weights of the inputs it mixes.</summary>
    private readonly record struct Kernel(int[] First, int[] Count, int[] Weights, int Taps);

    private static Kernel Build(int inputSize, int outputSize)
    {
        double scale = (double)inputSize / outputSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterScale; // the triangle filter reaches 1 input pixel, widened when shrinking
        int taps = (int)Math.Ceiling(support) * 2 + 1;

        var first = new int[outputSize];
        var count = new int[outputSize];
        var weights = new int[outputSize * taps];
        var raw = new double[taps];
        for (int i = 0; i < outputSize; i++)
        {
            double center = (i + 0.5) * scale;
            // Truncation toward zero, as in Pillow's C code, decides which pixels are taken at the borders.
            int lo = Math.Max((int)(center - support + 0.5), 0);
            int hi = Math.Min((int)(center + support + 0.5), inputSize);
            int n = Math.Min(hi - lo, taps);
            double total = 0;
            for (int k = 0; k < n; k++)
            {
                double distance = Math.Abs((k + lo - center + 0.5) / filterScale);
                raw[k] = distance < 1.0 ? 1.0 - distance : 0.0;
                total += raw[k];
            }
            for (int k = 0; k < n; k++)
            {
                double normalised = total != 0 ? raw[k] / total : 0;
                weights[i * taps + k] = (int)(normalised * (1 << PrecisionBits) + (normalised < 0 ? -0.5 : 0.5));
            }
            first[i] = lo;
            count[i] = n;
        }
        return new Kernel(first, count, weights, taps);
    }

    private static RgbImage ResizeRows(RgbImage source, int width)
    {
        Kernel kernel = Build(source.Width, width);
        var result = new RgbImage(width, source.Height);
        byte[] src = source.Pixels, dst = result.Pixels;
        Parallel.For(0, source.Height, y =>
        {
            int rowIn = y * source.Width * 3, rowOut = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                int r = 1 << (PrecisionBits - 1), g = r, b = r;
                int p = rowIn + kernel.First[x] * 3, w = x * kernel.Taps;
                for (int k = 0; k < kernel.Count[x]; k++, p += 3)
                {
                    int weight = kernel.Weights[w + k];
                    r += src[p] * weight;
                    g += src[p + 1] * weight;
                    b += src[p + 2] * weight;
                }
                int o = rowOut + x * 3;
                dst[o] = Clip(r);
                dst[o + 1] = Clip(g);
                dst[o + 2] = Clip(b);
            }
        });
        return result;
    }

    private static RgbImage ResizeColumns(RgbImage source, int height)
    {
        Kernel kernel = Build(source.Height, height);
        int rowBytes = source.Width * 3;
        var result = new RgbImage(source.Width, height);
        byte[] src = source.Pixels, dst = result.Pixels;
        Parallel.For(0, height, y =>
        {
            int w = y * kernel.Taps, start = kernel.First[y] * rowBytes, rowOut = y * rowBytes;
            for (int i = 0; i < rowBytes; i++)
            {
                int sum = 1 << (PrecisionBits - 1);
                int p = start + i;
                for (int k = 0; k < kernel.Count[y]; k++, p += rowBytes)
                    sum += src[p] * kernel.Weights[w + k];
                dst[rowOut + i] = Clip(sum);
            }
        });
        return result;
    }

    private static byte Clip(int fixedPoint)
    {
        int value = fixedPoint >> PrecisionBits;
        return (byte)(value < 0 ? 0 : value > 255 ? 255 : value);
    }
}
