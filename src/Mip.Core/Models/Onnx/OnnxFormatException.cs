using Mip.IO;

namespace Mip.Models.Onnx;

/// <summary>An ONNX file that cannot be read, or whose graph is not the network the caller expects.</summary>
public sealed class OnnxFormatException(string message, Exception? inner = null) : MipInputException(message, inner);
