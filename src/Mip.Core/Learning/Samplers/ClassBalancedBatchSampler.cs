namespace Mip.Learning.Samplers;

/// <summary>
/// Class-balanced batches as Roth et al.'s <c>class_random</c> sampler makes them (the paper's code): each batch draws
/// <c>BatchSize / SamplesPerClass</c> classes with replacement and, from each drawn class, <see cref="SamplesPerClass"/>
/// images with replacement. An epoch is <c>floor(N / BatchSize)</c> batches. Seeded and resumable through
/// <see cref="RandomState"/>.
/// </summary>
public sealed class ClassBalancedBatchSampler
{
    private readonly int[][] indicesByClass;
    private SeededRandom random;

    /// <summary>Builds a sampler over items with the given <paramref name="labels"/> (batch indices point into this list).</summary>
    /// <exception cref="ArgumentException">The batch size is not a positive multiple of samples per class, or there are no items.</exception>
    public ClassBalancedBatchSampler(IReadOnlyList<int> labels, int batchSize = 80, int samplesPerClass = 2, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (samplesPerClass < 1) throw new ArgumentException($"Samples per class must be at least 1, not {samplesPerClass}.", nameof(samplesPerClass));
        if (batchSize < samplesPerClass || batchSize % samplesPerClass != 0)
            throw new ArgumentException($"Batch size {batchSize} must be a positive multiple of samples per class ({samplesPerClass}).", nameof(batchSize));
        if (labels.Count == 0) throw new ArgumentException("Cannot sample batches from no items.", nameof(labels));
        indicesByClass = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        BatchSize = batchSize;
        SamplesPerClass = samplesPerClass;
        random = new SeededRandom(seed);
    }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Images drawn from each drawn class.</summary>
    public int SamplesPerClass { get; }

    /// <summary>Number of distinct classes.</summary>
    public int ClassCount => indicesByClass.Length;

    /// <summary>Batches per epoch: the item count divided by the batch size, at least one.</summary>
    public int BatchesPerEpoch => Math.Max(1, indicesByClass.Sum(c => c.Length) / BatchSize);

    /// <summary>The random stream's state, saved in checkpoints so a resumed run draws the same batches.</summary>
    public ulong RandomState
    {
        get => random.State;
        set => random = SeededRandom.FromState(value);
    }

    /// <summary>Draws the next batch of item indices.</summary>
    public int[] NextBatch()
    {
        var batch = new int[BatchSize];
        int at = 0;
        for (int draw = 0; draw < BatchSize / SamplesPerClass; draw++)
        {
            int[] members = indicesByClass[random.NextInt(indicesByClass.Length)];
            for (int s = 0; s < SamplesPerClass; s++) batch[at++] = members[random.NextInt(members.Length)];
        }
        return batch;
    }
}
