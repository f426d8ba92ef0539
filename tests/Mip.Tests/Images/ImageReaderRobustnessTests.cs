using Mip.Images;
using SkiaSharp;
using static Mip.Tests.Images.ImageFixtures;

namespace Mip.Tests.Images;

/// <summary>Damaged variants of valid files must give an image or an <see cref="ImageDecodeException"/>, never another exception or a crash.</summary>
public class ImageReaderRobustnessTests
{
    public static TheoryData<string> Kinds => new() { "jpg", "png", "webp", "bmp", "gif" };

    private static void DecodesOrFailsTyped(byte[] bytes, string what)
    {
        try
        {
            RgbImage image = ImageReader.Decode(bytes, what);
            Assert.True(image.Width > 0 && image.Height > 0, what);
        }
        catch (ImageDecodeException e)
        {
            Assert.StartsWith($"'{what}' ", e.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryTruncationIsHandled(string kind)
    {
        byte[] valid = ImageReaderFormatTests.EncodeAs(kind, 40, 30);
        int step = Math.Max(1, valid.Length / 60);
        for (int length = 0; length < valid.Length; length += step)
            DecodesOrFailsTyped(valid[..length], $"{kind} cut at {length}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RandomByteDamageIsHandled(string kind)
    {
        byte[] valid = ImageReaderFormatTests.EncodeAs(kind, 40, 30);
        var random = new Random(kind.Aggregate(17, (seed, c) => seed * 31 + c)); // fixed per format, unlike string.GetHashCode
        for (int trial = 0; trial < 150; trial++)
        {
            byte[] damaged = (byte[])valid.Clone();
            // Damage the first 64 bytes more often: that is where headers, and the worst surprises, live.
            for (int flips = random.Next(1, 5); flips > 0; flips--)
            {
                int at = random.Next(2) == 0 ? random.Next(Math.Min(64, damaged.Length)) : random.Next(damaged.Length);
                damaged[at] = (byte)random.Next(256);
            }
            DecodesOrFailsTyped(damaged, $"{kind} damage #{trial}");
        }
    }

    [Fact]
    public void HuntingForASignatureInNoiseIsHandled()
    {
        var random = new Random(99);
        byte[][] signatures = [[0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "GIF89a"u8.ToArray(), "BM"u8.ToArray()];
        foreach (byte[] signature in signatures)
        for (int trial = 0; trial < 50; trial++)
        {
            var noise = new byte[random.Next(signature.Length, 300)];
            random.NextBytes(noise);
            signature.CopyTo(noise, 0);
            DecodesOrFailsTyped(noise, $"noise {trial}");
        }
    }
}
