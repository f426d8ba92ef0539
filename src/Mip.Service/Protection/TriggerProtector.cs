using Mip.Images;
using Mip.Triggers;

namespace Mip.Service.Protection;

/// <summary>The "protect my photo" action backed by a trigger from <see cref="TriggerCatalog"/>.</summary>
public sealed class TriggerProtector(ITrigger trigger) : IImageProtector
{
    private readonly object _gate = new();

    /// <inheritdoc/>
    public string Id => trigger.Id;

    /// <inheritdoc/>
    public RgbImage Protect(RgbImage image)
    {
        // Triggers may run a network; requests arrive concurrently, so apply them one at a time.
        lock (_gate) return trigger.Apply(image);
    }
}
