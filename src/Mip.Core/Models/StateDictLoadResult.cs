namespace Mip.Models;

/// <summary>What <see cref="StateDictLoader.Load"/> did.</summary>
/// <param name="Path">The file loaded.</param>
/// <param name="LoadedKeys">Number of parameters and buffers copied into the module.</param>
/// <param name="IgnoredKeys">Keys the file has that the module deliberately drops (classifier, auxiliary heads).</param>
/// <param name="AbsentCounters">
/// <c>num_batches_tracked</c> buffers the file lacks (torchvision's older weight files predate them); they do not
/// affect the output and keep their current value.
/// </param>
public sealed record StateDictLoadResult(string Path, int LoadedKeys, IReadOnlyList<string> IgnoredKeys, IReadOnlyList<string> AbsentCounters);
