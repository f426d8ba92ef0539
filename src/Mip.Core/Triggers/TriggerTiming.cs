namespace Mip.Triggers;

/// <summary>Time to protect one image in memory with one trigger, over many images (milliseconds).</summary>
public sealed record TriggerTiming(string TriggerId, string Name, int Images, double MedianMs, double MeanMs, double P90Ms, double MinMs, double MaxMs);
