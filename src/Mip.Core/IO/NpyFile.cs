using System.Globalization;
using System.Text;

namespace Mip.IO;

/// <summary>
/// Reads and writes NumPy .npy files (format 1.0, little-endian float32, C order), the interchange format researchers
/// load with <c>numpy.load</c>. Written atomically.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a row-major float32 matrix of shape [rows, columns].</summary>
    public static void WriteFloat32(string path, ReadOnlySpan<float> values, int rows, int columns)
    {
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"{values.Length} values do not make a {rows} x {columns} matrix.", nameof(values));
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.ToString(CultureInfo.InvariantCulture)}, {columns.ToString(CultureInfo.InvariantCulture)}), }}";
        // The header (magic, version, length, dict, newline) is padded with spaces to a multiple of 64 bytes.
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string header = dict + new string(' ', padding) + "\n";
        byte[] payload = new byte[values.Length * sizeof(float)];
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(payload);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.WriteByte(1);
            stream.WriteByte(0);
            stream.WriteByte((byte)(header.Length & 0xff));
            stream.WriteByte((byte)(header.Length >> 8));
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(payload);
        });
    }

    /// <summary>Reads a float32 matrix written by <see cref="WriteFloat32"/> (or NumPy with the same dtype and order).</summary>
    public static (float[] Values, int Rows, int Columns) ReadFloat32(string path)
    {
        byte[] all = File.ReadAllBytes(path);
        if (all.Length < 10 || !all.AsSpan(0, 6).SequenceEqual(Magic))
            throw new MipInputException($"'{path}' is not a .npy file.");
        int headerLength = all[8] | all[9] << 8;
        if (10 + headerLength > all.Length) throw new MipInputException($"'{path}' is truncated.");
        string header = Encoding.ASCII.GetString(all, 10, headerLength);
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True"))
            throw new MipInputException($"'{path}' is not a C-ordered little-endian float32 array.");
        int open = header.IndexOf('(', header.IndexOf("'shape'", StringComparison.Ordinal));
        int close = header.IndexOf(')', open);
        var dims = header[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 2) throw new MipInputException($"'{path}' holds a {dims.Length}-d array; a matrix was expected.");
        int start = 10 + headerLength;
        long expected = (long)dims[0] * dims[1] * sizeof(float);
        if (all.Length - start != expected) throw new MipInputException($"'{path}' is truncated or has trailing bytes.");
        var values = new float[dims[0] * dims[1]];
        Buffer.BlockCopy(all, start, values, 0, (int)expected);
        return (values, dims[0], dims[1]);
    }
}
