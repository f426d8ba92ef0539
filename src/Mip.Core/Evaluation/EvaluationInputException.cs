using Mip.IO;

namespace Mip.Evaluation;

/// <summary>
/// Evaluation inputs that do not fit together: embeddings, labels or image ids of the wrong shape or length, a protocol
/// whose requirements are not met, or a gallery too small for what was asked. The message names the offending input.
/// </summary>
public sealed class EvaluationInputException(string message, Exception? inner = null) : MipInputException(message, inner);
