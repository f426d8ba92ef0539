using Mip.IO;

namespace Mip.Triggers;

/// <summary>A trigger name or id that cannot be turned into a trigger (unknown, malformed, or naming other weights).</summary>
public sealed class TriggerException(string message, Exception? inner = null) : MipInputException(message, inner);
