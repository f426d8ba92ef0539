namespace Mip.Images;

/// <summary>
/// An 8-bit RGB image held in memory: <see cref="Pixels"/> stores rows top to bottom, each pixel as R, G, B
/// (height × width × channel order, as a [H, W, 3] array would).
/// </summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height * 3)
            throw new ArgumentException(
                $"A {width}x{height} RGB image needs {(long)width * height * 3} bytes, not {pixels.LongLength}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A black image of the given size.</summary>
    public RgbImage(int width, int height) : this(width, height, new byte[checked((long)width * height * 3)])
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved R, G, B bytes, row by row from the top; index of (x, y) is (y * Width + x) * 3.</summary>
    public byte[] Pixels { get; }

    /// <summary>The colour at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public (byte R, byte G, byte B) GetPixel(int x, int y)
    {
        int i = Offset(x, y);
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>Sets the colour at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public void SetPixel(int x, int y, byte r, byte g, byte b)
    {
        int i = Offset(x, y);
        Pixels[i] = r;
        Pixels[i + 1] = g;
        Pixels[i + 2] = b;
    }

    /// <summary>
    /// Resamples to <paramref name="width"/> × <paramref name="height"/> with Pillow's antialiased bilinear filter
    /// (the filter torchvision's <c>Resize</c> applies to PIL images): when shrinking, the triangle filter widens
    /// with the scale so every source pixel contributes, as an area average would.
    /// </summary>
    public RgbImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return BilinearResampler.Resize(this, width, height);
    }

    /// <summary>
    /// Resizes so the shorter side becomes <paramref name="size"/> and the aspect ratio is kept, with the longer side
    /// rounded down as torchvision's <c>Resize(int)</c> does.
    /// </summary>
    public RgbImage ResizeShorterSide(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (Width <= Height)
            return Resize(size, Math.Max(1, (int)((long)size * Height / Width)));
        return Resize(Math.Max(1, (int)((long)size * Width / Height)), size);
    }

    /// <summary>The <paramref name="width"/> × <paramref name="height"/> region whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public RgbImage Crop(int x, int y, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (x < 0 || y < 0 || (long)x + width > Width || (long)y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x),
                $"The crop {width}x{height} at ({x}, {y}) does not fit inside the {Width}x{Height} image.");
        var result = new RgbImage(width, height);
        int rowBytes = width * 3;
        for (int row = 0; row < height; row++)
            Array.Copy(Pixels, Offset(x, y + row), result.Pixels, row * rowBytes, rowBytes);
        return result;
    }

    /// <summary>
    /// The centred <paramref name="width"/> × <paramref name="height"/> region, placed as torchvision's
    /// <c>CenterCrop</c> places it (offsets rounded half to even).
    /// </summary>
    public RgbImage CenterCrop(int width, int height)
    {
        int left = (int)Math.Round((Width - width) / 2.0, MidpointRounding.ToEven);
        int top = (int)Math.Round((Height - height) / 2.0, MidpointRounding.ToEven);
        return Crop(left, top, width, height);
    }

    /// <summary>A deep copy.</summary>
    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    private int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(x), x, $"Column outside 0..{Width - 1}.");
        if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), y, $"Row outside 0..{Height - 1}.");
        return (y * Width + x) * 3;
    }
}
