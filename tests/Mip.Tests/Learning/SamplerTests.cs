using Mip.Learning;
using Mip.Learning.Samplers;

namespace Mip.Tests.Learning;

public class SamplerTests
{
    private static readonly int[] Labels = Enumerable.Range(0, 60).Select(i => i % 7).ToArray();

    [Fact]
    public void BatchesHoldPairsOfOneClassAndHaveTheBatchSize()
    {
        var sampler = new ClassBalancedBatchSampler(Labels, batchSize: 12, samplesPerClass: 3, seed: 5);
        Assert.Equal(60 / 12, sampler.BatchesPerEpoch);
        for (int b = 0; b < 20; b++)
        {
            int[] batch = sampler.NextBatch();
            Assert.Equal(12, batch.Length);
            for (int g = 0; g < 12; g += 3)
                Assert.All(batch.Skip(g).Take(3), i => Assert.Equal(Labels[batch[g]], Labels[i]));
        }
    }

    [Fact]
    public void SameSeedSameBatchesOtherSeedOtherBatchesAndSavedStateContinuesTheSequence()
    {
        var a = new ClassBalancedBatchSampler(Labels, 10, 2, seed: 1);
        var b = new ClassBalancedBatchSampler(Labels, 10, 2, seed: 1);
        var c = new ClassBalancedBatchSampler(Labels, 10, 2, seed: 2);
        var fromA = Enumerable.Range(0, 5).Select(_ => a.NextBatch()).ToArray();
        var fromB = Enumerable.Range(0, 5).Select(_ => b.NextBatch()).ToArray();
        var fromC = Enumerable.Range(0, 5).Select(_ => c.NextBatch()).ToArray();
        Assert.Equal(fromA, fromB);
        Assert.NotEqual(fromA, fromC);

        ulong saved = a.RandomState;
        var next = a.NextBatch();
        var resumed = new ClassBalancedBatchSampler(Labels, 10, 2, seed: 99) { RandomState = saved };
        Assert.Equal(next, resumed.NextBatch());
    }

    [Fact]
    public void DrawsEveryClassEventuallyAndRejectsBadSizes()
    {
        var sampler = new ClassBalancedBatchSampler(Labels, 8, 2, seed: 3);
        var seen = Enumerable.Range(0, 50).SelectMany(_ => sampler.NextBatch()).Select(i => Labels[i]).ToHashSet();
        Assert.Equal(7, seen.Count);
        Assert.Throws<ArgumentException>(() => new ClassBalancedBatchSampler(Labels, 7, 2));
        Assert.Throws<ArgumentException>(() => new ClassBalancedBatchSampler([], 8, 2));
    }

    [Fact]
    public void SeededRandomIntegersAreInRangeAndRoughlyUniform()
    {
        var random = new SeededRandom(7);
        var counts = new int[5];
        for (int i = 0; i < 5000; i++) counts[random.NextInt(5)]++;
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }
}
