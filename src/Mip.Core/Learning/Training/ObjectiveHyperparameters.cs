using System.Globalization;
using Mip.Learning.Losses;
using Mip.Learning.Miners;

namespace Mip.Learning.Training;

/// <summary>The checkpoint description every objective starts from, so each method lists only what is its own.</summary>
internal static class ObjectiveHyperparameters
{
    /// <summary>Miner, distance and margin, then <paramref name="extra"/> in order.</summary>
    public static Dictionary<string, string> Triplet(ITripletMiner miner, TripletMarginLoss triplet, params (string Key, string Value)[] extra)
    {
        var description = new Dictionary<string, string>
        {
            ["miner"] = miner.Name,
            ["distance"] = triplet.Distance.Name,
            ["margin"] = triplet.Margin.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra) description[key] = value;
        return description;
    }

    /// <summary>As <see cref="Triplet"/>, with the trigger and the poisoning ratio of a backdoor method before <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> Poisoned(ITripletMiner miner, TripletMarginLoss triplet, IImageVariant trigger, double ratio,
        params (string Key, string Value)[] extra) =>
        Triplet(miner, triplet, [("trigger", trigger.Name), ("poisonRatio", ratio.ToString(CultureInfo.InvariantCulture)), .. extra]);

    /// <summary>
    /// The privacy terms' own margin when it differs from the clean term's, else nothing, so a run without one keeps the
    /// description (and signature) it had before the option existed.
    /// </summary>
    public static (string Key, string Value)[] PrivacyMargin(TripletMarginLoss triplet, TripletMarginLoss? privacyTriplet) =>
        privacyTriplet is null || privacyTriplet.Margin == triplet.Margin
            ? []
            : [("privacyMargin", privacyTriplet.Margin.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Where a method's class centres come from, as CBL's description has always named it.</summary>
    public static (string Key, string Value) Centres(IEpochObserver? refresh) =>
        ("centres", refresh is Objectives.CentreSource { RecomputeEachEpoch: true } ? "recomputed each epoch" : "initial model");
}
