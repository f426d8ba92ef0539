using Mip.IO;

namespace Mip.Defences.Filters;

/// <summary>A filter asked for with settings it cannot run with (an even kernel, a non-positive strength).</summary>
public sealed class FilterException(string message) : MipInputException(message);
