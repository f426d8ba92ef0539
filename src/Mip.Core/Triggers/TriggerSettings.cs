using Mip.Triggers.Stego;

namespace Mip.Triggers;

/// <summary>Options for building triggers by name (<see cref="TriggerCatalog"/>); each trigger reads the ones it needs.</summary>
public sealed record TriggerSettings
{
    /// <summary>Default settings.</summary>
    public static TriggerSettings Default { get; } = new();

    /// <summary>Secret hidden by the stego trigger.</summary>
    public string Secret { get; init; } = StegoTrigger.DefaultSecret;

    /// <summary>Stego strength: target PSNR in dB.</summary>
    public double Psnr { get; init; } = StegoModel.DefaultPsnr;

    /// <summary>Stego weights file, or null for the shipped weights.</summary>
    public string? StegoWeightsPath { get; init; }

    /// <summary>Pattern image of the whole-image Blended trigger, or null for the built-in noise key.</summary>
    public string? BlendPatternPath { get; init; }

    /// <summary>Blend weight α of the whole-image Blended trigger.</summary>
    public double BlendAlpha { get; init; } = BlendedImageTrigger.DefaultAlpha;
}
