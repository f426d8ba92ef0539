using System.Text;
using TorchSharp;

namespace Mip.Checkpoints;

/// <summary>A verified checkpoint in memory: metadata plus named sections of bytes.</summary>
public sealed class Checkpoint
{
    internal Checkpoint(string path, CheckpointMetadata metadata, IReadOnlyDictionary<string, byte[]> sections)
    {
        Path = path;
        Metadata = metadata;
        Sections = sections;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>What the weights are and how they were made.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>Raw sections by name; <see cref="CheckpointFile.ModelSection"/> is always present.</summary>
    public IReadOnlyDictionary<string, byte[]> Sections { get; }

    /// <summary>
    /// Loads the model weights into <paramref name="model"/>, which must have exactly the checkpoint's parameters and
    /// shapes; any difference is reported as a <see cref="CheckpointException"/> naming the file, never ignored.
    /// </summary>
    public void LoadInto(torch.nn.Module model)
    {
        using var memory = new MemoryStream(Sections[CheckpointFile.ModelSection], writable: false);
        using var reader = new BinaryReader(memory, Encoding.UTF8);
        try
        {
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException or System.Runtime.InteropServices.ExternalException)
        {
            throw new CheckpointException(Path,
                $"does not fit the model built from its metadata (backbone {Metadata.Backbone}, embedding {Metadata.EmbeddingSize}): {e.Message}", e);
        }
        if (memory.Position != memory.Length)
            throw new CheckpointException(Path, "holds more weights than the model has parameters.");
    }
}
