using Mip.IO;

namespace Mip.Checkpoints;

/// <summary>A checkpoint file that is missing, truncated, corrupt, foreign, or does not fit the model it is loaded into.</summary>
public sealed class CheckpointException(string path, string problem, Exception? inner = null)
    : MipInputException($"Checkpoint '{path}' {problem}", inner)
{
    /// <summary>The checkpoint file.</summary>
    public string CheckpointPath { get; } = path;
}
