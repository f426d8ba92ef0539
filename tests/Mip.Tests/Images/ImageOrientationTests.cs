using Mip.Images;
using SkiaSharp;
using static Mip.Tests.Images.ImageFixtures;

namespace Mip.Tests.Images;

public class ImageOrientationTests
{
    // The stored picture is 48x32 with red, green / blue, yellow quadrants. For each EXIF orientation, the colours
    // expected at the upright top-left, top-right, bottom-left and bottom-right, worked out from the EXIF definition
    // of where the stored first row and first column belong (e.g. 6: first row on the right, first column on top).
    public static TheoryData<int, string> Layouts => new()
    {
        { 1, "RG/BY" },
        { 2, "GR/YB" },
        { 3, "YB/GR" },
        { 4, "BY/RG" },
        { 5, "RB/GY" },
        { 6, "BR/YG" },
        { 7, "YG/BR" },
        { 8, "GY/RB" },
    };

    private static (byte, byte, byte) Colour(char c) => c switch
    {
        'R' => Red,
        'G' => Green,
        'B' => Blue,
        'Y' => Yellow,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ExifOrientationTurnsTheImageUpright(int orientation, string layout)
    {
        byte[] jpeg = WithExifOrientation(SkiaEncode(Quadrants(48, 32), SKEncodedImageFormat.Jpeg, 95), orientation);

        RgbImage image = ImageReader.Decode(jpeg, "photo.jpg");
        ImageHeader header = ImageReader.ReadHeader(jpeg, "photo.jpg");

        var expectedSize = orientation >= 5 ? (32, 48) : (48, 32);
        Assert.Equal(expectedSize, (image.Width, image.Height));
        Assert.Equal(expectedSize, (header.Width, header.Height));
        Assert.Equal(orientation, header.ExifOrientation);
        int w = image.Width, h = image.Height;
        Assert.InRange(Distance(image.GetPixel(w / 4, h / 4), Colour(layout[0])), 0, 6);
        Assert.InRange(Distance(image.GetPixel(3 * w / 4, h / 4), Colour(layout[1])), 0, 6);
        Assert.InRange(Distance(image.GetPixel(w / 4, 3 * h / 4), Colour(layout[3])), 0, 6);
        Assert.InRange(Distance(image.GetPixel(3 * w / 4, 3 * h / 4), Colour(layout[4])), 0, 6);
    }

    [Fact]
    public void OrientationCanBeIgnored()
    {
        byte[] jpeg = WithExifOrientation(SkiaEncode(Quadrants(48, 32), SKEncodedImageFormat.Jpeg, 95), 6);
        var options = new ImageLoadOptions { ApplyExifOrientation = false };

        RgbImage image = ImageReader.Decode(jpeg, "photo.jpg", options);
        ImageHeader header = ImageReader.ReadHeader(jpeg, "photo.jpg", options);

        Assert.Equal((48, 32), (image.Width, image.Height));
        Assert.Equal(new ImageHeader(ImageFileFormat.Jpeg, 48, 32, 6), header);
        Assert.InRange(Distance(image.GetPixel(12, 8), Red), 0, 6);
    }
}
