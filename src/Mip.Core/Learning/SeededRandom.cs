namespace Mip.Learning;

/// <summary>
/// A small reproducible random stream (SplitMix64) whose whole state is one 64-bit number, so a training run can save
/// it in a checkpoint and continue the exact same sequence after a resume (System.Random's state cannot be saved).
/// </summary>
public sealed class SeededRandom
{
    /// <summary>Starts the stream from <paramref name="seed"/>; equal seeds give equal streams.</summary>
    public SeededRandom(long seed) => State = unchecked((ulong)seed * 0xD1B54A32D192ED03UL + 0x632BE59BD9B4E019UL);

    private SeededRandom(ulong state, bool _) => State = state;

    /// <summary>The current state; <see cref="FromState"/> continues the stream from it.</summary>
    public ulong State { get; private set; }

    /// <summary>Continues this stream from a saved <see cref="State"/> (objects holding a reference see the change).</summary>
    public void Restore(ulong state) => State = state;

    /// <summary>A stream that continues from a saved <see cref="State"/>.</summary>
    public static SeededRandom FromState(ulong state) => new(state, true);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong x;
        do x = NextUInt64(); while (x >= limit);
        return (int)(x % bound);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A seed for a derived stream, so components draw independently of each other.</summary>
    public long Fork() => unchecked((long)NextUInt64());
}
