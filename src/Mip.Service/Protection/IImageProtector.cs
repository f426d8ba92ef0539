using Mip.Images;

namespace Mip.Service.Protection;

/// <summary>
/// Turns a photo into its protected version (the benign backdoor trigger applied), for the "protect my photo" action.
/// The service depends only on this, so the trigger library plugs in without the service knowing its types.
/// </summary>
public interface IImageProtector
{
    /// <summary>Name of the trigger applied, reported to the user.</summary>
    string Id { get; }

    /// <summary>The protected image and the trigger that made it; the input is left unchanged.</summary>
    ProtectedPhoto Protect(RgbImage image);
}

/// <summary>A protected photo and the id of the trigger applied to it (for an adaptive protection, the rung used).</summary>
public sealed record ProtectedPhoto(RgbImage Image, string TriggerId);
