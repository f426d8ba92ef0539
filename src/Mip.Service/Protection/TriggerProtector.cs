using Mip.Images;
using Mip.Retrieval.Protection;
using Mip.Triggers;

namespace Mip.Service.Protection;

/// <summary>The "protect my photo" action backed by a trigger from <see cref="TriggerCatalog"/>.</summary>
public sealed class TriggerProtector(ITrigger trigger) : IImageProtector
{
    private readonly object _gate = new();

    /// <inheritdoc/>
    public string Id => trigger.Id;

    /// <inheritdoc/>
    public ProtectedPhoto Protect(RgbImage image)
    {
        // Triggers may run a network; requests arrive concurrently, so apply them one at a time.
        lock (_gate)
        {
            if (trigger is AdaptiveStrengthTrigger adaptive)
            {
                var (marked, used) = adaptive.Mark(image);
                return new ProtectedPhoto(marked, used.Id);
            }
            return new ProtectedPhoto(trigger.Apply(image), trigger.Id);
        }
    }
}
