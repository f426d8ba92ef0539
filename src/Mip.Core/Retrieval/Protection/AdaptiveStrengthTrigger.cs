using System.Globalization;
using Mip.Images;
using Mip.Runtime;
using Mip.Triggers;
using static TorchSharp.torch;

namespace Mip.Retrieval.Protection;

/// <summary>
/// A service provider's protection that checks its own work (not in the paper): each photo gets the faintest trigger
/// of <see cref="Ladder"/> (e.g. stego at 31, 29, 27 dB) that the tuned model moves at least <see cref="MinShift"/>
/// from the photo, or the strongest if none does. Copies the backdoor moves little are the ones clean queries still
/// find, and they are few (22 of 2,474 under the benchmark's PBL model), so most photos keep the faintest mark.
/// </summary>
public sealed class AdaptiveStrengthTrigger : ITrigger
{
    private readonly long[] _rungCounts;

    /// <summary>Marks with the triggers of <paramref name="ladder"/>, faintest first, checked by <paramref name="shift"/>.</summary>
    /// <exception cref="ArgumentException">The ladder is empty, or the minimum shift is not a finite number in (0, 4].</exception>
    public AdaptiveStrengthTrigger(IReadOnlyList<ITrigger> ladder, EmbeddingShift shift, double minShift)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        Shift = shift ?? throw new ArgumentNullException(nameof(shift));
        if (ladder.Count == 0) throw new ArgumentException("The ladder needs at least one trigger.", nameof(ladder));
        if (!(minShift > 0 && minShift <= 4)) throw new ArgumentOutOfRangeException(nameof(minShift), minShift, "The minimum shift must be in (0, 4] (squared distance of unit vectors).");
        Ladder = ladder.ToArray();
        MinShift = minShift;
        _rungCounts = new long[Ladder.Count];
        Id = string.Create(CultureInfo.InvariantCulture,
            $"adaptive:min-shift={minShift:0.####}:model={shift.Id}:ladder={string.Join('|', Ladder.Select(t => t.Id))}");
    }

    /// <summary>The triggers, faintest first.</summary>
    public IReadOnlyList<ITrigger> Ladder { get; }

    /// <summary>The model's measure of a protected copy's shift.</summary>
    public EmbeddingShift Shift { get; }

    /// <summary>The shift a protected copy must reach to keep a fainter trigger.</summary>
    public double MinShift { get; }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>How many images each rung of the ladder has marked so far (the last rung counts those no rung moved enough too).</summary>
    public IReadOnlyList<long> RungCounts => _rungCounts.Select((_, i) => Interlocked.Read(ref _rungCounts[i])).ToArray();

    /// <inheritdoc/>
    public RgbImage Apply(RgbImage image) => Mark(image).Image;

    /// <summary>The protected copy of <paramref name="image"/> and the trigger of the ladder that made it.</summary>
    public (RgbImage Image, ITrigger Used) Mark(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (int rung = 0; ; rung++)
        {
            // Marking runs LibTorch calls with numbers TorchSharp makes into scalars it does not keep (see KeptScalar).
            RgbImage marked = KeptScalar.WithoutCollection(() => Ladder[rung].Apply(image));
            if (rung == Ladder.Count - 1 || Shift.Measure([image], [marked])[0] >= MinShift)
            {
                Interlocked.Increment(ref _rungCounts[rung]);
                return (marked, Ladder[rung]);
            }
        }
    }

    /// <inheritdoc/>
    public Tensor Apply(Tensor batch)
    {
        TriggerChecks.CheckBatch(batch);
        using var scope = NewDisposeScope();
        var images = Enumerable.Range(0, (int)batch.shape[0]).Select(i => ImageTensors.FromTensor(batch[i])).Select(Apply).ToArray();
        return ImageTensors.ToBatch(images).to(batch.device).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
