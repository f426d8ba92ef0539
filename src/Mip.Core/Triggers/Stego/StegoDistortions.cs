using Mip.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// What a photo may go through between protection and revealing, as operations on image batches [N, 3, H, W] in
/// [0, 1] that let gradients through, so the encoder and decoder learn to survive them. Rounding and real JPEG are
/// not differentiable; they pass the gradient straight through (as if they were the identity), which trains the
/// decoder on the exact distortion and the encoder on a close approximation.
/// </summary>
public static class StegoDistortions
{
    /// <summary>Rounds to the 256 levels an 8-bit file holds; gradient passes straight through.</summary>
    public static Tensor Quantize8Bit(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor rounded = (images * 255).round() / 255;
        return StraightThrough(images, rounded).MoveToOuterDisposeScope();
    }

    /// <summary>Encodes every image as a real baseline JPEG (4:2:0) at <paramref name="quality"/> and decodes it; gradient passes straight through.</summary>
    public static Tensor RealJpeg(Tensor images, int quality)
    {
        using var scope = NewDisposeScope();
        var decoded = new List<RgbImage>((int)images.shape[0]);
        using (no_grad())
        {
            for (int i = 0; i < images.shape[0]; i++)
            {
                RgbImage image = ImageTensors.FromTensor(images[i]);
                decoded.Add(ImageReader.Decode(ImageWriter.EncodeJpeg(image, quality), "jpeg-round-trip"));
            }
        }
        Tensor result = ImageTensors.ToBatch(decoded).to(images.device);
        return StraightThrough(images, result).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A differentiable JPEG: RGB to YCbCr, 4:2:0 chroma averaging, 8×8 DCT, quantisation with the libjpeg tables at
    /// <paramref name="quality"/> (rounding passes the gradient straight through), and back. Height and width must be
    /// multiples of 16.
    /// </summary>
    public static Tensor DifferentiableJpeg(Tensor images, int quality)
    {
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        if (h % 16 != 0 || w % 16 != 0)
            throw new ArgumentException($"The differentiable JPEG needs sides that are multiples of 16, got {w}x{h}.", nameof(images));
        using var scope = NewDisposeScope();
        Tensor rgb = images * 255;
        Tensor r = rgb[.., 0..1], g = rgb[.., 1..2], b = rgb[.., 2..3];
        Tensor y = 0.299 * r + 0.587 * g + 0.114 * b - 128;
        Tensor cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
        Tensor cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
        Tensor chroma = nn.functional.avg_pool2d(cat([cb, cr], 1), 2);

        Tensor dct = DctMatrix(images.device);
        Tensor yq = QuantizeBlocks(y, dct, JpegTables.LuminanceAt(quality));
        Tensor cq = QuantizeBlocks(chroma, dct, JpegTables.ChrominanceAt(quality));
        // libjpeg's default "fancy" chroma upsampling is a triangle filter, which bilinear ×2 matches closely.
        cq = nn.functional.interpolate(cq, scale_factor: [2, 2], mode: InterpolationMode.Bilinear, align_corners: false);
        Tensor cbq = cq[.., 0..1], crq = cq[.., 1..2];
        Tensor luma = yq + 128;
        Tensor outR = luma + 1.402 * crq;
        Tensor outG = luma - 0.344136 * cbq - 0.714136 * crq;
        Tensor outB = luma + 1.772 * cbq;
        return (cat([outR, outG, outB], 1).clamp(0, 255) / 255).MoveToOuterDisposeScope();
    }

    /// <summary>Adds Gaussian noise of standard deviation <paramref name="sigma"/> (in [0, 1] units) and clamps.</summary>
    public static Tensor GaussianNoise(Tensor images, double sigma)
    {
        using var scope = NewDisposeScope();
        return (images + randn_like(images) * sigma).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Gaussian blur of standard deviation <paramref name="sigma"/> pixels (kernel 2⌈3σ⌉ + 1, reflected borders).</summary>
    public static Tensor GaussianBlur(Tensor images, double sigma)
    {
        if (sigma <= 0) return images.alias();
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        radius = (int)Math.Min(radius, Math.Min(images.shape[2], images.shape[3]) - 1);
        int size = 2 * radius + 1;
        var weights = new float[size];
        double sum = 0;
        for (int i = 0; i < size; i++) sum += weights[i] = (float)Math.Exp(-(i - radius) * (i - radius) / (2 * sigma * sigma));
        for (int i = 0; i < size; i++) weights[i] = (float)(weights[i] / sum);
        long channels = images.shape[1];
        using var scope = NewDisposeScope();
        Tensor kernel = tensor(weights).to(images.device);
        Tensor padded = nn.functional.pad(images, [radius, radius, radius, radius], PaddingModes.Reflect);
        Tensor blurred = nn.functional.conv2d(padded, kernel.reshape(1, 1, 1, size).expand(channels, 1, 1, size), groups: channels);
        blurred = nn.functional.conv2d(blurred, kernel.reshape(1, 1, size, 1).expand(channels, 1, size, 1), groups: channels);
        return blurred.MoveToOuterDisposeScope();
    }

    /// <summary>Shrinks by <paramref name="scale"/> (0 &lt; scale ≤ 1, antialiased bilinear) and enlarges back to the original size.</summary>
    public static Tensor ResizeRoundTrip(Tensor images, double scale)
    {
        long h = images.shape[2], w = images.shape[3];
        long sh = Math.Max(8, (long)Math.Round(h * scale)), sw = Math.Max(8, (long)Math.Round(w * scale));
        if (sh >= h && sw >= w) return images.alias();
        using var scope = NewDisposeScope();
        Tensor small = nn.functional.interpolate(images, size: [sh, sw], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        return nn.functional.interpolate(small, size: [h, w], mode: InterpolationMode.Bilinear, align_corners: false)
            .clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Shifts brightness by <paramref name="brightness"/>, scales contrast about each image's mean by
    /// <paramref name="contrast"/>, scales saturation about the grey value by <paramref name="saturation"/>, and clamps.
    /// </summary>
    public static Tensor ColourJitter(Tensor images, double brightness, double contrast, double saturation)
    {
        using var scope = NewDisposeScope();
        Tensor mean = images.mean([1, 2, 3], keepdim: true);
        Tensor x = (images - mean) * contrast + mean + brightness;
        Tensor grey = 0.299 * x[.., 0..1] + 0.587 * x[.., 1..2] + 0.114 * x[.., 2..3];
        x = grey + (x - grey) * saturation;
        return x.clamp(0, 1).MoveToOuterDisposeScope();
    }

    private static Tensor StraightThrough(Tensor input, Tensor output) => input + (output - input).detach();

    private static Tensor QuantizeBlocks(Tensor planes, Tensor dct, float[] table)
    {
        long n = planes.shape[0], c = planes.shape[1], h = planes.shape[2], w = planes.shape[3];
        Tensor blocks = planes.reshape(n, c, h / 8, 8, w / 8, 8).permute(0, 1, 2, 4, 3, 5);
        Tensor coefficients = dct.matmul(blocks).matmul(dct.t());
        Tensor step = tensor(table, [8, 8]).to(planes.device);
        Tensor scaled = coefficients / step;
        Tensor quantized = StraightThrough(scaled, scaled.round()) * step;
        Tensor back = dct.t().matmul(quantized).matmul(dct);
        return back.permute(0, 1, 2, 4, 3, 5).reshape(n, c, h, w);
    }

    private static Tensor DctMatrix(Device device)
    {
        // Orthonormal DCT-II: the 2-D transform D·B·Dᵀ equals JPEG's FDCT exactly.
        var m = new float[64];
        for (int k = 0; k < 8; k++)
            for (int i = 0; i < 8; i++)
                m[k * 8 + i] = (float)((k == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8)) * Math.Cos((2 * i + 1) * k * Math.PI / 16));
        return tensor(m, [8, 8]).to(device);
    }
}
