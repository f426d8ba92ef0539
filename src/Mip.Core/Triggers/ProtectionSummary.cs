namespace Mip.Triggers;

/// <summary>What <see cref="ImageProtector.Protect"/> wrote.</summary>
/// <param name="Outputs">The protected files, in input order.</param>
/// <param name="TriggerId">The trigger applied.</param>
/// <param name="Elapsed">Wall time for decoding, protecting and writing.</param>
public sealed record ProtectionSummary(IReadOnlyList<string> Outputs, string TriggerId, TimeSpan Elapsed);
