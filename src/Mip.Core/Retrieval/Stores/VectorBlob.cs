using System.Runtime.InteropServices;

namespace Mip.Retrieval.Stores;

/// <summary>Float vectors as little-endian float32 blobs.</summary>
internal static class VectorBlob
{
    public static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    public static float[] FromBytes(byte[] bytes, int dimension, string where)
    {
        if (bytes.Length != dimension * sizeof(float))
            throw new StoreException($"{where}: a stored vector has {bytes.Length} bytes, expected {dimension * sizeof(float)} for dimension {dimension}.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
