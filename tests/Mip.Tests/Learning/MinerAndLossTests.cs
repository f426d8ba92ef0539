using Mip.Learning;
using Mip.Learning.Distances;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Tests.Learning;

public class MinerAndLossTests
{
    private static (Tensor Embeddings, int[] Labels) Batch(int classes = 5, int perClass = 4, int dim = 16, int seed = 1)
    {
        TorchRuntime.EnsureLoaded();
        var random = new Random(seed);
        int n = classes * perClass;
        var values = new float[n * dim];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        // Class offsets make same-class rows closer, so semi-hard and cut-off cases all occur.
        for (int r = 0; r < n; r++) values[r * dim + r / perClass % dim] += 2f;
        var embeddings = nn.functional.normalize(tensor(values, [n, dim]), p: 2, dim: 1);
        return (embeddings, Enumerable.Range(0, n).Select(r => r / perClass).ToArray());
    }

    private static double Sq(Tensor e, int i, int j) => (e[i] - e[j]).pow(2).sum().item<float>();

    private static void AssertValid(TripletIndices t, int[] labels)
    {
        for (int i = 0; i < t.Count; i++)
        {
            Assert.NotEqual(t.Anchors[i], t.Positives[i]);
            Assert.Equal(labels[t.Anchors[i]], labels[t.Positives[i]]);
            Assert.NotEqual(labels[t.Anchors[i]], labels[t.Negatives[i]]);
        }
    }

    [Fact]
    public void RandomMinerKeepsTheRequestedNumberOfDistinctValidTriplets()
    {
        var (e, labels) = Batch();
        var triplets = new RandomTripletMiner(20).Mine(e, labels, new SeededRandom(1));
        Assert.Equal(20, triplets.Count);
        AssertValid(triplets, labels);
        var distinct = Enumerable.Range(0, 20).Select(i => (triplets.Anchors[i], triplets.Positives[i], triplets.Negatives[i])).Distinct().Count();
        Assert.Equal(20, distinct);
        // 5 classes x 4 x 3 ordered positive pairs x 16 negatives = 960 valid triplets; asking for more returns them all.
        Assert.Equal(960, new RandomTripletMiner(5000).Mine(e, labels, new SeededRandom(1)).Count);
    }

    [Fact]
    public void SemihardNegativesLieBetweenThePositiveAndThePositivePlusMargin()
    {
        var (e, labels) = Batch();
        var triplets = new SemihardTripletMiner(new SquaredEuclideanDistance(), 0.5).Mine(e, labels, new SeededRandom(2));
        Assert.True(triplets.Count > 0);
        AssertValid(triplets, labels);
        for (int i = 0; i < triplets.Count; i++)
        {
            double ap = Sq(e, triplets.Anchors[i], triplets.Positives[i]), an = Sq(e, triplets.Anchors[i], triplets.Negatives[i]);
            Assert.InRange(an, ap, ap + 0.5);
        }
    }

    [Fact]
    public void DistanceWeightedMinerGivesOneTripletPerAnchorWithNegativesInsideTheCutoff()
    {
        var (e, labels) = Batch();
        var triplets = new DistanceWeightedMiner().Mine(e, labels, new SeededRandom(3));
        Assert.Equal(labels.Length, triplets.Count);
        AssertValid(triplets, labels);
        for (int i = 0; i < triplets.Count; i++)
        {
            int a = triplets.Anchors[i];
            bool anyInside = Enumerable.Range(0, labels.Length).Any(j => labels[j] != labels[a] && Math.Sqrt(Sq(e, a, j)) < 1.4);
            if (anyInside) Assert.True(Math.Sqrt(Sq(e, a, triplets.Negatives[i])) < 1.4 + 1e-5);
        }
    }

    [Fact]
    public void TripletLossMatchesTheFormulaOnSquaredAndPlainDistances()
    {
        TorchRuntime.EnsureLoaded();
        var a = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        var p = tensor(new float[] { 0.6f, 0.8f, 0, 1 }, [2, 2]);
        var n = tensor(new float[] { 0, 1, 1, 0 }, [2, 2]);
        // Row 0: ||a-p||² = 0.16 + 0.64 = 0.8, ||a-n||² = 2 -> relu(0.8 - 2 + 0.2) = 0; row 1: 0 - 2 + 0.2 -> 0.
        // With margin 1.5: row 0 -> 0.3, row 1 -> 0 (squared); plain: sqrt(0.8) - sqrt(2) + 1.5.
        var squared = new TripletMarginLoss(new SquaredEuclideanDistance(), 1.5).Terms(a, p, n);
        Assert.Equal(0.3, squared[0].item<float>(), 5);
        Assert.Equal(0.0, squared[1].item<float>(), 5);
        var plain = new TripletMarginLoss(new EuclideanDistance(), 1.5).Terms(a, p, n);
        Assert.Equal(Math.Sqrt(0.8) - Math.Sqrt(2) + 1.5, plain[0].item<float>(), 5);
        Assert.Equal(1.5 - Math.Sqrt(2), plain[1].item<float>(), 5);
    }

    [Fact]
    public void PlainDistanceHasFiniteGradientsForIdenticalRowsAndPairwiseMatchesPaired()
    {
        TorchRuntime.EnsureLoaded();
        var x = tensor(new float[] { 0.6f, 0.8f }, [1, 2]).requires_grad_(true);
        var d = new EuclideanDistance().Paired(x, x.detach().clone());
        d.sum().backward();
        Assert.All(x.grad!.data<float>().ToArray(), g => Assert.True(float.IsFinite(g)));

        var (e, _) = Batch(2, 3, 8);
        var pairwise = new SquaredEuclideanDistance().Pairwise(e, e);
        Assert.Equal(Sq(e, 1, 4), pairwise[1, 4].item<float>(), 4);
        Assert.Equal(0.0, pairwise[2, 2].item<float>(), 4);
    }
}
