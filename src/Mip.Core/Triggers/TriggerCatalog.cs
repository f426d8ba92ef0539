using System.Globalization;
using Mip.Triggers.Stego;

namespace Mip.Triggers;

/// <summary>Builds triggers from the names users type and from the stable ids stored in checkpoints and reports.</summary>
public static class TriggerCatalog
{
    /// <summary>
    /// Names <see cref="Create"/> accepts: stego (learned invisible), stego-per-photo (the same with each photo's own
    /// secret), badnets, blended (= blended-patch, as the paper's code), blended-patch and blended-image (Chen et al.'s
    /// whole-image blend).
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["stego", PerPhotoStegoTrigger.IdPrefix, "badnets", "blended", "blended-patch", "blended-image"];

    /// <summary>The trigger called <paramref name="name"/>, configured from <paramref name="settings"/>.</summary>
    /// <exception cref="TriggerException">The name is unknown.</exception>
    /// <exception cref="Mip.IO.MipInputException">A weights or pattern file cannot be read, or the secret cannot be hidden.</exception>
    public static ITrigger Create(string name, TriggerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        settings ??= TriggerSettings.Default;
        switch (name.Trim().ToLowerInvariant())
        {
            case "stego":
                return new StegoTrigger(LoadStego(settings), settings.Secret, CheckedPsnr(settings.Psnr));
            case PerPhotoStegoTrigger.IdPrefix:
                return new PerPhotoStegoTrigger(LoadStego(settings), CheckedPsnr(settings.Psnr));
            case "badnets":
                return new BadNetsTrigger();
            case "blended" or "blended-patch":
                return new BlendedPatchTrigger();
            case "blended-image":
                if (!(settings.BlendAlpha > 0 && settings.BlendAlpha < 1))
                    throw new TriggerException($"The blend weight α must be between 0 and 1, not {settings.BlendAlpha.ToString(CultureInfo.InvariantCulture)}.");
                return settings.BlendPatternPath is null
                    ? BlendedImageTrigger.WithDefaultPattern(settings.BlendAlpha)
                    : BlendedImageTrigger.FromPatternFile(settings.BlendPatternPath, settings.BlendAlpha);
            default:
                throw new TriggerException($"Unknown trigger '{name}': use {string.Join(", ", Names)}.");
        }
    }

    /// <summary>
    /// Rebuilds the trigger an <see cref="ITrigger.Id"/> names. Stego ids name their weights by digest: the weights in
    /// <paramref name="settings"/> (or the shipped ones) must match. A whole-image Blended id with a custom pattern
    /// needs that pattern file in <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="TriggerException">The id is malformed, or the weights or pattern at hand are not the ones it names.</exception>
    public static ITrigger FromId(string id, TriggerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        settings ??= TriggerSettings.Default;
        string[] parts = id.Split(':');
        var fields = new Dictionary<string, string>();
        foreach (string part in parts.Skip(1))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new TriggerException($"Malformed trigger id '{id}': '{part}' is not key=value.");
            fields[part[..eq]] = part[(eq + 1)..];
        }
        string Field(string key) => fields.TryGetValue(key, out var v) ? v : throw new TriggerException($"Trigger id '{id}' lacks '{key}='.");
        double Number(string key) => double.TryParse(Field(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw new TriggerException($"Trigger id '{id}': '{key}' is not a number.");

        switch (parts[0])
        {
            case BadNetsTrigger.StableId when parts.Length == 1:
                return new BadNetsTrigger();
            case BlendedPatchTrigger.StableId when parts.Length == 1:
                return new BlendedPatchTrigger();
            case BlendedImageTrigger.IdPrefix:
            {
                double alpha = Number("alpha");
                string pattern = Field("pattern");
                ITrigger trigger = pattern == BlendedImageTrigger.DefaultPatternName
                    ? BlendedImageTrigger.WithDefaultPattern(alpha)
                    : settings.BlendPatternPath is null
                        ? throw new TriggerException($"Trigger id '{id}' blends a custom pattern; give that pattern image to rebuild it.")
                        : BlendedImageTrigger.FromPatternFile(settings.BlendPatternPath, alpha);
                return trigger.Id == id ? trigger
                    : throw new TriggerException($"The pattern '{settings.BlendPatternPath}' is not the one trigger id '{id}' names ({pattern}).");
            }
            case StegoTrigger.IdPrefix:
            {
                string secret = Uri.UnescapeDataString(Field("secret"));
                double psnr = Number("psnr");
                return new StegoTrigger(LoadStegoNamed(id, Field("weights"), settings), secret, CheckedPsnr(psnr));
            }
            case PerPhotoStegoTrigger.IdPrefix:
                return new PerPhotoStegoTrigger(LoadStegoNamed(id, Field("weights"), settings), CheckedPsnr(Number("psnr")));
            default:
                throw new TriggerException($"Unknown trigger id '{id}'.");
        }
    }

    // The stego weights an id names by digest: those in the settings (or the shipped ones), if they are the same.
    private static StegoModel LoadStegoNamed(string id, string digest, TriggerSettings settings)
    {
        StegoModel model = LoadStego(settings);
        if (model.Digest == digest) return model;
        string source = model.Source, held = model.Digest;
        model.Dispose();
        throw new TriggerException($"Trigger id '{id}' names stego weights {digest}, but '{source}' holds weights {held}.");
    }

    private static StegoModel LoadStego(TriggerSettings settings) =>
        settings.StegoWeightsPath is null ? StegoModel.LoadDefault() : StegoModel.Load(settings.StegoWeightsPath);

    private static double CheckedPsnr(double psnr)
    {
        try
        {
            StegoModel.CheckPsnr(psnr);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new TriggerException($"Stego strength {psnr.ToString(CultureInfo.InvariantCulture)} dB is out of range: give a PSNR between 20 and 60.", e);
        }
        return psnr;
    }
}
