using Mip.Data;
using Mip.Images;
using Mip.Learning.Training;
using Mip.Triggers;

namespace Mip.Learning.Objectives;

/// <summary>The protected copy G(x) of a training image: the trigger applied to the image at the model's input size.</summary>
public sealed class TriggerImageVariant(ITrigger trigger) : IImageVariant
{
    /// <summary>The trigger.</summary>
    public ITrigger Trigger { get; } = trigger ?? throw new ArgumentNullException(nameof(trigger));

    /// <summary>The trigger's stable id, so the feature cache and checkpoints name exactly what was applied.</summary>
    public string Name => Trigger.Id;

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage resized, ImageRecord record) => Trigger.Apply(resized);
}
