namespace Mip.Data;

/// <summary>The class and image counts of one split.</summary>
public sealed record SplitSummary(string Name, int ClassCount, int ImageCount);
