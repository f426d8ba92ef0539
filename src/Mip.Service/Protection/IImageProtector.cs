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

    /// <summary>The protected image; the input is left unchanged.</summary>
    RgbImage Protect(RgbImage image);
}
