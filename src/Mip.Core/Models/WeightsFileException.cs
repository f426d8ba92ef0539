using Mip.IO;

namespace Mip.Models;

/// <summary>A weights file (PyTorch state dict) that is missing, unreadable, or does not fit the network.</summary>
public sealed class WeightsFileException(string message, Exception? inner = null) : MipInputException(message, inner);
