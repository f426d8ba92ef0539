using System.Text;
using Mip.Triggers.Ecc;

namespace Mip.Tests.Triggers.Ecc;

public class Crc8Tests
{
    [Fact]
    public void MatchesTheCatalogueCheckValue()
    {
        // CRC-8/SMBUS (poly 0x07, init 0, no reflection, no final XOR): check value of "123456789" is 0xF4.
        Assert.Equal(0xF4, Crc8.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x00, Crc8.Compute([]));
    }

    [Fact]
    public void EverySingleBitFlipChangesTheChecksum()
    {
        byte[] data = Encoding.ASCII.GetBytes("privacy");
        byte reference = Crc8.Compute(data);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            var copy = (byte[])data.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(reference, Crc8.Compute(copy));
        }
    }
}
