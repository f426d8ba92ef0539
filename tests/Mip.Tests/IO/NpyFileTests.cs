using System.Text;
using Mip.IO;

namespace Mip.Tests.IO;

public class NpyFileTests
{
    [Fact]
    public void HeaderFollowsTheNpyFormatAndValuesRoundTrip()
    {
        using var dir = new TempDir();
        string path = dir.File("e.npy");
        float[] values = [1f, -2.5f, 3.25f, 0f, 1e-7f, 42f];
        NpyFile.WriteFloat32(path, values, 2, 3);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        int headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'shape': (2, 3)", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + values.Length * 4, bytes.Length);
        Assert.Equal(-2.5f, BitConverter.ToSingle(bytes, 10 + headerLength + 4));

        var (read, rows, columns) = NpyFile.ReadFloat32(path);
        Assert.Equal((2, 3), (rows, columns));
        Assert.Equal(values, read);
    }

    [Fact]
    public void ShapeMismatchIsRejectedBeforeWriting()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => NpyFile.WriteFloat32(dir.File("e.npy"), new float[5], 2, 3));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
