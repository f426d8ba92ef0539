namespace Mip.IO;

/// <summary>
/// Base of every error caused by what the user handed in (a file, a folder, an argument) rather than by a bug.
/// The command-line program prints its message without a stack trace and exits non-zero, so the message must name
/// the offending thing and say what is wrong with it.
/// </summary>
public class MipInputException(string message, Exception? inner = null) : Exception(message, inner);
