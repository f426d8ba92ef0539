using Mip.Images;

namespace Mip.Tests.Images;

public class RgbImageTests
{
    /// <summary>The 13x9 test pattern the Pillow reference values below were computed from.</summary>
    private static RgbImage Pattern()
    {
        var image = new RgbImage(13, 9);
        for (int y = 0; y < 9; y++)
        for (int x = 0; x < 13; x++)
        {
            byte Channel(int c) => (byte)((x * 37 + y * 91 + c * 53 + x * y * 7) % 256);
            image.SetPixel(x, y, Channel(0), Channel(1), Channel(2));
        }
        return image;
    }

    // Reference outputs of Pillow 9.4 (Debian python3-pil), Image.resize(size, Image.BILINEAR) on Pattern(), as hex.
    [Theory]
    [InlineData(5, 4, "6a838f7887927e7c867382897790767b86828c8d848d807e7f817f87909073937a80827190867f7c846d8a6a8083699284758a7a7980807c84816499")]
    [InlineData(13, 4, "4b80827678ad6ea36a996095568bc080b558ab4e834479ae6fa46b996196568b8d81835979ae845b907a8e7e7b827fa183a56aa96ea372a75fab6398679c609a6487688b878f8b758f79ae7db27d7db27d5c7e7b928f7f5e9358a7598e6da25ab66ea382a5694e7d6e91827e96804b945f947363928d6398854c816ea3a592689d8a528774a94c6c6ea390578c79ae517273a8965d927f558a7779ae")]
    public void ResizeMatchesPillowBilinear(int width, int height, string expectedHex)
    {
        RgbImage resized = Pattern().Resize(width, height);
        Assert.Equal((width, height), (resized.Width, resized.Height));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(resized.Pixels));
    }

    [Fact]
    public void UpscaleMatchesPillowBilinear()
    {
        const string pillow20x15 =
            "00356a12477c2a5f944277ac5a8fc472a7dc8abff4a2d7acbae924d25a3c971f5408376c1a4f8432679c4a7fb46297cc7aafab92c71caadf14bcf12624598e386da25287af6ba086858f89976da26e87bc6ca19d86b756a06d7088558a3e6fa454897e6e8771885e8b6670a5558a9d6fa45288bd599cd16c5b90c570a5da8dc2d7a9de4dc68e30cf174c4534691c5186386da2558abf71a6db8ec3f8abe075c7b631e42c4e6d356a1d52873a6fa4568bc06ba0d592c762a89579b5638b7083696d7771855b90617aaf659a9584b554a37173905e934c7db2689d9287a08aa67caa8a94717e914f9e4d6f6c598e3a6fa495ca32ae824bb6386d535b90487d9c699ba08b9bc29aaf979ccc39be695b9e496d3b6b6e586d8f6c7cb16c9ed38abf7facb44acf516c8559733d72743267694d6a846b73a86f98cd88bd9badd24ad2726faa5f814e82857386aa879a8d8bbf2cae634b9b3b703b609550859c759eab9aa2d1a3c08aa6db43356a9f53888c7aa27da187a59e988b8ab35ab177829f748367996a8e7e929585887aac4b9f746f9c627a60895f7b757f8c72a77199ce8bc0a5a9de796ca1d68bc07bb5ca1fdf4e499d3f7434699e5e93c888bd92b3e11ddd6547b43c7138669b5c91c686bba9b0e52dda7c44cb3a6f4f6499598ec378ade2a3d8737bb063577f5a846a8786807377a148a46a75986d7b6597699282969d8d9088ba5a528783467b9373a87e9f994bb57937a042646f5c91477cb1a6db43689d662c618f5c919e76ab6b87ad25b758549a4f714a7e817a8db198ab9ea7db49568b53396070696e9f7a9959949c32c446618841764a4c8143787a50859f679cb899ce6575aa5432636864749b84998196c633c87365b8638765959872a749928e2fc43c62815f765d86938f97c6a6588db31b50467bb06e72a796719388a664659a77426fa4776297867b767bac4bb07e80b3609585528776855a859056ba618b974f8474598e668ec38e73a8b651867db2e7a66196be13484f4b804e83b885a7dcbd396e952a5f2d6297659acf9d7fb4d510456d4277457aaf7db2e7b4568bb3215644598e5c91c685baefb44f8496497e734e836b89be8f82b7bd5d9294558a7e736f75aa494c818454689d8f60958a986d74a96f4b80a97973a89d609595376c725f945489bed80d428b396e4176ab7db2e7ba82b7e32b6079679c6fa479a5da153b705224598e6196cb9dd26793c844295e805287bc8f8abfcb2055813d7234699e";
        Assert.Equal(pillow20x15, Convert.ToHexStringLower(Pattern().Resize(20, 15).Pixels));
    }

    [Fact]
    public void ResizingAFlatImageKeepsItFlat()
    {
        var flat = new RgbImage(100, 37);
        for (int y = 0; y < 37; y++)
        for (int x = 0; x < 100; x++)
            flat.SetPixel(x, y, 77, 140, 3);

        RgbImage resized = flat.Resize(224, 224);

        for (int i = 0; i < resized.Pixels.Length; i += 3)
            Assert.Equal(((byte)77, (byte)140, (byte)3), (resized.Pixels[i], resized.Pixels[i + 1], resized.Pixels[i + 2]));
    }

    [Theory]
    [InlineData(300, 200, 224, 336, 224)]
    [InlineData(200, 300, 224, 224, 336)]
    [InlineData(333, 500, 256, 256, 384)] // 256 * 500 / 333 = 384.38, rounded down as torchvision does
    public void ResizeShorterSideKeepsTheAspectRatio(int width, int height, int size, int expectedWidth, int expectedHeight)
    {
        RgbImage resized = new RgbImage(width, height).ResizeShorterSide(size);
        Assert.Equal((expectedWidth, expectedHeight), (resized.Width, resized.Height));
    }

    [Fact]
    public void CropCopiesTheRegion()
    {
        RgbImage pattern = Pattern();
        RgbImage crop = pattern.Crop(3, 2, 4, 5);
        Assert.Equal((4, 5), (crop.Width, crop.Height));
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 4; x++)
            Assert.Equal(pattern.GetPixel(3 + x, 2 + y), crop.GetPixel(x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => pattern.Crop(10, 0, 4, 1));
    }

    [Theory]
    [InlineData(13, 9, 4, 4, 4, 2)]  // offsets (13-4)/2 = 4.5 -> 4 and (9-4)/2 = 2.5 -> 2: halves round to even
    [InlineData(13, 9, 10, 6, 2, 2)] // 1.5 -> 2 both ways
    public void CenterCropPlacesTheRegionLikeTorchvision(int width, int height, int cropWidth, int cropHeight, int left, int top)
    {
        RgbImage pattern = Pattern();
        Assert.Equal((width, height), (pattern.Width, pattern.Height));
        RgbImage crop = pattern.CenterCrop(cropWidth, cropHeight);
        Assert.Equal(pattern.Crop(left, top, cropWidth, cropHeight).Pixels, crop.Pixels);
    }

    [Fact]
    public void PixelsMustMatchTheSize()
    {
        Assert.Throws<ArgumentException>(() => new RgbImage(2, 2, new byte[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbImage(0, 2));
        var image = new RgbImage(2, 1, [1, 2, 3, 4, 5, 6]);
        Assert.Equal(((byte)4, (byte)5, (byte)6), image.GetPixel(1, 0));
    }
}
