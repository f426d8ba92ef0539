using System.Collections.Concurrent;
using Mip.Images;
using Mip.Retrieval.Stores;

namespace Mip.Service;

/// <summary>JPEG thumbnails of stored images, made on first request and kept in a bounded cache.</summary>
internal sealed class Thumbnails(IEmbeddingStore store, int maxSide)
{
    private const int CacheLimit = 20_000;
    private readonly ConcurrentDictionary<long, byte[]> _cache = new();

    /// <summary>Whether an entry can have a thumbnail: its bytes are stored, or its name is a readable file.</summary>
    public static bool Available(bool hasImage, string name) => hasImage || (Path.IsPathFullyQualified(name) && File.Exists(name));

    /// <summary>The thumbnail of entry <paramref name="id"/>, or null when it has no readable image.</summary>
    public byte[]? Get(long id)
    {
        if (_cache.TryGetValue(id, out var cached)) return cached;
        byte[]? bytes = store.ReadImage(id);
        string name = $"entry {id}";
        if (bytes is null)
        {
            var entry = store.Find(id);
            if (entry is null || !Path.IsPathFullyQualified(entry.Name) || !File.Exists(entry.Name)) return null;
            name = entry.Name;
            bytes = File.ReadAllBytes(entry.Name);
        }
        RgbImage image;
        try { image = ImageReader.Decode(bytes, name); }
        catch (ImageDecodeException) { return null; }
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        if (scale < 1.0) image = image.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        var jpeg = ImageWriter.EncodeJpeg(image, 85);
        if (_cache.Count >= CacheLimit) _cache.Clear();
        _cache[id] = jpeg;
        return jpeg;
    }

    /// <summary>Forgets a deleted entry's thumbnail.</summary>
    public void Forget(long id) => _cache.TryRemove(id, out _);
}
