using System.Security.Cryptography;

namespace Mip.Retrieval;

/// <summary>The content hash that identifies an image in a store: lower-case hex SHA-256 of the file bytes.</summary>
public static class ContentHash
{
    /// <summary>Hash of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
