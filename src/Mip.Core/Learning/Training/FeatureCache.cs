using System.Security.Cryptography;
using System.Text;
using Mip.Images;
using Mip.IO;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Learning.Training;

/// <summary>
/// The frozen prefix's output per (image id, variant), computed once and kept in memory. With frozen batch norm and
/// no augmentation the prefix is a fixed function of the image, so training on cached outputs gives the same
/// embeddings as running the whole network (exactly with <see cref="ScalarType.Float32"/> storage, to fp16 rounding
/// with the default <see cref="ScalarType.Float16"/>, which halves the memory).
/// </summary>
public sealed class FeatureCache : IDisposable
{
    private readonly EmbeddingModel model;
    private readonly Dictionary<(int Id, string Variant), Tensor> entries = new();

    /// <summary>A cache for <paramref name="model"/>'s current frozen prefix, storing features as <paramref name="storage"/>.</summary>
    public FeatureCache(EmbeddingModel model, ScalarType storage = ScalarType.Float16)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        if (storage is not (ScalarType.Float16 or ScalarType.Float32 or ScalarType.BFloat16))
            throw new ArgumentException($"Cache storage must be float16, bfloat16 or float32, not {storage}.", nameof(storage));
        Storage = storage;
        FrozenStageCount = model.FrozenStageCount;
    }

    /// <summary>Element type of the stored features.</summary>
    public ScalarType Storage { get; }

    /// <summary>The frozen stage count the features were computed with.</summary>
    public int FrozenStageCount { get; }

    /// <summary>Number of cached (image, variant) entries.</summary>
    public int Count => entries.Count;

    /// <summary>Bytes held by the cached features.</summary>
    public long Bytes => entries.Values.Sum(t => t.NumberOfElements * t.ElementSize);

    /// <summary>True when the features of image <paramref name="id"/> in <paramref name="variant"/> are cached.</summary>
    public bool Contains(int id, string variant) => entries.ContainsKey((id, variant));

    /// <summary>
    /// Runs the frozen prefix once over every image of <paramref name="images"/> in <paramref name="variant"/> that is not
    /// cached yet; reports the number of images done.
    /// </summary>
    public void Add(TrainingImages images, IImageVariant variant, int batchSize = 32, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(variant);
        if (model.FrozenStageCount != FrozenStageCount)
            throw new InvalidOperationException($"The model now freezes {model.FrozenStageCount} stages, the cache was made for {FrozenStageCount}.");
        var missing = Enumerable.Range(0, images.Count).Where(i => !Contains(images.Records[i].Id, variant.Name)).ToArray();
        var device = model.Head.weight!.device;
        for (int start = 0; start < missing.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, missing.Length - start);
            var batch = new RgbImage[count];
            // Decoding is managed code and independent per image; overlapping it uses both cores while torch is idle.
            Parallel.For(0, count, i =>
            {
                int index = missing[start + i];
                batch[i] = variant.Apply(images.LoadResized(index), images.Records[index]);
            });
            using (var scope = NewDisposeScope())
            {
                Tensor features = model.ForwardFrozenPrefix(ImageTensors.ToBatch(batch).to(device)).to(Storage).cpu();
                for (int i = 0; i < count; i++)
                {
                    var key = (images.Records[missing[start + i]].Id, variant.Name);
                    if (entries.Remove(key, out var old)) old.Dispose();
                    entries[key] = features[i].clone().DetachFromDisposeScope();
                }
            }
            progress?.Report(start + count);
        }
    }

    /// <summary>
    /// Like <see cref="Add"/>, but first looks in <paramref name="folder"/> for a file made for the same backbone
    /// weights, input size, frozen stages, variant and image files (name, size, modification time), and writes one
    /// after computing. Returns true when the features came from disk.
    /// </summary>
    public bool AddPersisted(TrainingImages images, IImageVariant variant, string folder, int batchSize = 32, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(variant);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"features-{Key(images, variant)}.bin");
        if (File.Exists(path))
        {
            try
            {
                LoadFile(path, variant.Name);
                progress?.Report(images.Count);
                return true;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
            {
                // A damaged cache file is only a lost shortcut: recompute and overwrite it.
            }
        }
        Add(images, variant, batchSize, progress);
        SaveFile(path, images, variant.Name);
        return false;
    }

    private string Key(TrainingImages images, IImageVariant variant)
    {
        var text = new StringBuilder();
        // The prefix digest, not the weights' file name: a tuned checkpoint may share the pretrained file's name while
        // its early stages differ.
        text.Append($"v2;{model.Backbone.Kind};{model.FrozenPrefixDigest()};{model.InputSize};{FrozenStageCount};{variant.Name}\n");
        foreach (var r in images.Records)
        {
            var info = new FileInfo(r.Path);
            text.Append($"{r.Id}|{r.Path}|{(info.Exists ? info.Length : -1)}|{(info.Exists ? info.LastWriteTimeUtc.Ticks : 0)}\n");
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..20].ToLowerInvariant();
    }

    private const string FileMagic = "MIPFEATURES2";

    // Stored as float32 whatever the in-memory type (exact for float16/bfloat16 values), so reading needs no half-precision interop.
    private void SaveFile(string path, TrainingImages images, string variant)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(FileMagic);
            writer.Write(images.Count);
            foreach (var r in images.Records)
            {
                var t = entries[(r.Id, variant)];
                writer.Write(r.Id);
                writer.Write((int)t.dim());
                foreach (long d in t.shape) writer.Write(d);
                using var f = t.to(ScalarType.Float32).contiguous();
                float[] values = f.data<float>().ToArray();
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        });
    }

    private void LoadFile(string path, string variant)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (reader.ReadString() != FileMagic) throw new InvalidDataException($"'{path}' is not a feature cache file.");
        int count = reader.ReadInt32();
        var loaded = new List<((int, string) Key, Tensor Value)>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                int id = reader.ReadInt32();
                int dims = reader.ReadInt32();
                if (dims is < 1 or > 8) throw new InvalidDataException($"'{path}' is damaged: a feature has {dims} dimensions.");
                var shape = new long[dims];
                for (int d = 0; d < dims; d++)
                {
                    shape[d] = reader.ReadInt64();
                    if (shape[d] is < 1 or > 1 << 20) throw new InvalidDataException($"'{path}' is damaged: a feature dimension is {shape[d]}.");
                }
                int length = reader.ReadInt32();
                byte[] bytes = reader.ReadBytes(length);
                if (bytes.Length != length || length != shape.Aggregate(1L, (a, b) => a * b) * sizeof(float))
                    throw new InvalidDataException($"'{path}' is truncated or inconsistent.");
                float[] values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                using var scope = NewDisposeScope();
                loaded.Add(((id, variant), tensor(values, shape).to(Storage).clone().DetachFromDisposeScope()));
            }
        }
        catch
        {
            foreach (var (_, t) in loaded) t.Dispose();
            throw;
        }
        foreach (var (key, t) in loaded)
        {
            if (entries.Remove(key, out var old)) old.Dispose();
            entries[key] = t;
        }
    }

    /// <summary>The cached features of the images <paramref name="ids"/> in <paramref name="variant"/> as float32 [B, C, h, w].</summary>
    /// <exception cref="KeyNotFoundException">An image was never added in that variant.</exception>
    public Tensor Gather(IReadOnlyList<int> ids, string variant)
    {
        var rows = new Tensor[ids.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = entries.TryGetValue((ids[i], variant), out var t)
                ? t
                : throw new KeyNotFoundException($"Image {ids[i]} ({variant}) is not in the feature cache.");
        using var scope = NewDisposeScope();
        return stack(rows).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in entries.Values) t.Dispose();
        entries.Clear();
    }
}
