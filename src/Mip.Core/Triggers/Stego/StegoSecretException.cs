using Mip.IO;

namespace Mip.Triggers.Stego;

/// <summary>A secret that cannot be hidden (empty, longer than 7 UTF-8 bytes, or with control characters).</summary>
public sealed class StegoSecretException(string message, Exception? inner = null) : MipInputException(message, inner);
