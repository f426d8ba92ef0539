using Mip.Images;

namespace Mip.Tests.Retrieval;

/// <summary>Small distinct photos drawn for service tests: smooth gradients with a seeded coloured square.</summary>
public static class TestPhotos
{
    public static RgbImage Draw(int seed, int width = 96, int height = 80)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        byte r0 = (byte)random.Next(256), g0 = (byte)random.Next(256), b0 = (byte)random.Next(256);
        int sx = random.Next(width / 2), sy = random.Next(height / 2), side = 10 + random.Next(30);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                bool inSquare = x >= sx && x < sx + side && y >= sy && y < sy + side;
                image.SetPixel(x, y,
                    inSquare ? (byte)(255 - r0) : (byte)((r0 + x * 2) % 256),
                    inSquare ? (byte)(255 - g0) : (byte)((g0 + y * 3) % 256),
                    inSquare ? (byte)(255 - b0) : (byte)((b0 + x + y) % 256));
            }
        return image;
    }

    public static byte[] Png(int seed) => ImageWriter.EncodePng(Draw(seed));

    public static byte[] Jpeg(int seed) => ImageWriter.EncodeJpeg(Draw(seed), 90);
}
