using Mip.IO;

namespace Mip.Data.Matlab;

/// <summary>A MAT-file that is missing, unreadable, malformed, or lacks the variable or shape a caller asked for.</summary>
public sealed class MatFileException(string message, Exception? inner = null) : MipInputException(message, inner);
