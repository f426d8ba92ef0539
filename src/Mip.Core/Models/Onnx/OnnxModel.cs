namespace Mip.Models.Onnx;

/// <summary>The parts of an ONNX ModelProto this project reads.</summary>
/// <param name="Source">The file (or other source) it was read from, for messages.</param>
/// <param name="IrVersion">ONNX IR version.</param>
/// <param name="ProducerName">Exporting tool, e.g. "CNTK".</param>
/// <param name="ProducerVersion">Exporting tool version.</param>
/// <param name="Graph">The graph.</param>
public sealed record OnnxModel(string Source, long IrVersion, string ProducerName, string ProducerVersion, OnnxGraph Graph);
