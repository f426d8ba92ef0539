using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// A secret of <see cref="SecretCodec.MaxSecretBytes"/> letters and digits drawn from a photo's own pixels (SHA-256 of
/// its 8-bit levels and size), so that every photo hides a different message without any key being stored: the same
/// photo always gets the same secret, and two near-identical photos (one bird shot twice) get unrelated ones.
/// </summary>
public static class PhotoSecret
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The secret of one image [3, H, W] of values in [0, 1], read at 8-bit levels as a saved file holds them.</summary>
    public static string For(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3 || image.shape[0] != 3)
            throw new ArgumentException($"Expected an image [3, H, W], got [{string.Join(", ", image.shape)}].", nameof(image));
        using var scope = NewDisposeScope();
        byte[] levels = (image.detach().to(ScalarType.Float32) * 255).round().clamp(0, 255).to(ScalarType.Byte).cpu().contiguous().data<byte>().ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(image.shape[1]));
        sha.AppendData(BitConverter.GetBytes(image.shape[2]));
        sha.AppendData(levels);
        byte[] digest = sha.GetHashAndReset();
        // 62 letters from bytes: the slight bias towards the first 8 costs nothing here, the secret is not a key.
        return new string(digest.Take(SecretCodec.MaxSecretBytes).Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}
