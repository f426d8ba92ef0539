namespace Mip.Triggers;

/// <summary>BadNets (Gu et al.) as the paper uses it: a solid white 18×18 square in the bottom-right corner at 224×224.</summary>
public sealed class BadNetsTrigger() : PatchTrigger(1.0)
{
    /// <summary>The stable id.</summary>
    public const string StableId = "badnets";

    /// <inheritdoc/>
    public override string Id => StableId;
}
