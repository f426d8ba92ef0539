using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mip.IO;
using TorchSharp;

namespace Mip.Checkpoints;

/// <summary>
/// One file that holds a model's weights, optional further sections (optimizer state for resuming) and JSON metadata.
/// Layout: magic "MIPCKPT\0", format version (uint32 LE), header length (uint32 LE), header JSON, the sections' bytes in
/// header order, and a SHA-256 of everything before it. The checksum turns truncation and bit rot into a clear error
/// instead of silently random weights, and the file is always written atomically.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Name of the section that holds the model's state dict.</summary>
    public const string ModelSection = "model";

    /// <summary>File format version written by this build.</summary>
    public const int FormatVersion = 1;

    /// <summary>Version of this project, recorded in every checkpoint.</summary>
    public static string CurrentProjectVersion { get; } =
        typeof(CheckpointFile).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static readonly byte[] Magic = "MIPCKPT\0"u8.ToArray();
    private const int HashLength = 32;
    private const long MaxHeaderBytes = 16 << 20;

    /// <summary>Writes <paramref name="model"/>'s weights, any extra sections and the metadata to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, torch.nn.Module model, CheckpointMetadata metadata,
        IReadOnlyDictionary<string, byte[]>? extraSections = null)
    {
        var sections = new List<(string Name, byte[] Bytes)> { (ModelSection, SerializeModule(model)) };
        foreach (var (name, bytes) in extraSections ?? new Dictionary<string, byte[]>())
        {
            if (name == ModelSection) throw new ArgumentException($"Section name '{ModelSection}' is reserved.", nameof(extraSections));
            sections.Add((name, bytes));
        }
        var header = new CheckpointHeader(metadata, sections.Select(s => new CheckpointSectionInfo(s.Name, s.Bytes.LongLength)).ToList());
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, CheckpointJsonContext.Default.CheckpointHeader);

        AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Emit(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                hash.AppendData(bytes);
            }
            Span<byte> word = stackalloc byte[4];
            Emit(Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(word, FormatVersion);
            Emit(word);
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)json.Length);
            Emit(word);
            Emit(json);
            foreach (var (_, bytes) in sections) Emit(bytes);
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Reads and verifies a checkpoint: its metadata and every section's bytes.</summary>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "does not exist.");
        byte[] all;
        try
        {
            all = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new CheckpointException(path, "cannot be read: " + e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CheckpointException(path, "cannot be read: permission denied.", e);
        }
        if (all.Length < Magic.Length || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException(path, "is not a MIP checkpoint (wrong magic bytes; was it written by another tool?).");
        if (all.Length < Magic.Length + 8 + HashLength)
            throw new CheckpointException(path, "is truncated.");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(Magic.Length));
        if (version != FormatVersion)
            throw new CheckpointException(path, $"has format version {version}; this build reads version {FormatVersion}.");
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(Magic.Length + 4));
        int headerStart = Magic.Length + 8;
        if (headerLength > MaxHeaderBytes || headerStart + (long)headerLength + HashLength > all.Length)
            throw new CheckpointException(path, "is truncated (the header runs past the end of the file).");

        int body = all.Length - HashLength;
        byte[] expected = SHA256.HashData(all.AsSpan(0, body));
        if (!expected.AsSpan().SequenceEqual(all.AsSpan(body)))
            throw new CheckpointException(path, "is corrupt or truncated (checksum mismatch).");

        CheckpointHeader header;
        try
        {
            header = JsonSerializer.Deserialize(all.AsSpan(headerStart, (int)headerLength), CheckpointJsonContext.Default.CheckpointHeader)
                     ?? throw new JsonException("empty header");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, "has an unreadable metadata header: " + e.Message, e);
        }

        var sections = new Dictionary<string, byte[]>();
        long offset = headerStart + headerLength;
        foreach (var section in header.Sections)
        {
            if (section.Length < 0 || offset + section.Length > body)
                throw new CheckpointException(path, $"is inconsistent: section '{section.Name}' runs past the end of the data.");
            sections[section.Name] = all.AsSpan((int)offset, (int)section.Length).ToArray();
            offset += section.Length;
        }
        if (offset != body)
            throw new CheckpointException(path, "is inconsistent: its sections do not add up to the file size.");
        if (!sections.ContainsKey(ModelSection))
            throw new CheckpointException(path, "holds no model weights.");
        return new Checkpoint(path, header.Metadata, sections);
    }

    /// <summary>The first 12 hex digits of the SHA-256 of a checkpoint file: a short id for a model used as a reference (adaptive strength, embedding anchor).</summary>
    public static string Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
    }

    /// <summary>Reads only the metadata (still verifying the checksum, so a damaged file is never trusted).</summary>
    public static CheckpointMetadata ReadMetadata(string path) => Read(path).Metadata;

    internal static byte[] SerializeModule(torch.nn.Module module)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            module.save(writer);
        return memory.ToArray();
    }
}
