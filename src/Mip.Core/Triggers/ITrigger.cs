using Mip.Images;
using static TorchSharp.torch;

namespace Mip.Triggers;

/// <summary>
/// A poisoned-sample generator G(x): it marks an image so a backdoored model treats it differently. The same
/// trigger applies to a full-resolution image (what a user protects before sharing) and to a batch tensor (what a
/// trainer poisons on the fly), and both give the same pixels: batch results are rounded to the 256 levels of an
/// 8-bit image, exactly as if the marked image had been saved and loaded again.
/// </summary>
public interface ITrigger
{
    /// <summary>
    /// A stable identifier that names the trigger and every setting that changes its output (e.g. <c>badnets</c>,
    /// <c>blended-image:alpha=0.2:pattern=noise-2017</c>); stored in checkpoints and reports.
    /// </summary>
    string Id { get; }

    /// <summary>Marks a batch [N, 3, H, W] of float RGB values in [0, 1]; returns a new tensor of the same shape and device.</summary>
    Tensor Apply(Tensor batch);

    /// <summary>Marks one image of any size; returns a new image of the same size.</summary>
    RgbImage Apply(RgbImage image);
}
