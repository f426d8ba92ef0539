using Mip.Images;
using OpenCvSharp;

namespace Mip.Defences.Filters;

/// <summary>Copies between <see cref="RgbImage"/> (RGB) and OpenCV matrices (BGR, as OpenCV's colour conversions expect).</summary>
internal static class OpenCvImages
{
    public static Mat ToBgr(RgbImage image)
    {
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        return bgr;
    }

    public static RgbImage FromBgr(Mat bgr)
    {
        using var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        var image = new RgbImage(rgb.Width, rgb.Height);
        if (!rgb.IsContinuous()) throw new InvalidOperationException("OpenCV returned a non-contiguous image.");
        System.Runtime.InteropServices.Marshal.Copy(rgb.Data, image.Pixels, 0, image.Pixels.Length);
        return image;
    }

    /// <summary>Runs <paramref name="filter"/> from a BGR source to a BGR destination and converts back.</summary>
    public static RgbImage Filter(RgbImage image, Action<Mat, Mat> filter)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = ToBgr(image);
        using var destination = new Mat();
        filter(source, destination);
        return FromBgr(destination);
    }
}
