using Mip.Evaluation;
using Mip.Evaluation.Metrics;

namespace Mip.Tests.Evaluation.Metrics;

public class KMeansTests
{
    [Fact]
    public void TwoGroupsOnALineConvergeToTheirMeans()
    {
        using var points = Points.OnLine(0, 1, 10, 11, 12);
        var model = KMeans.Fit(points, 2, seed: 5);

        Assert.True(model.Converged);
        var means = Enumerable.Range(0, 2).Select(c => model.Centroid(c)[0]).Order().ToArray();
        Assert.Equal(0.5f, means[0], 1e-6f);
        Assert.Equal(11f, means[1], 1e-6f);
        var a = model.TrainingAssignments;
        Assert.Equal(a[0], a[1]);
        Assert.True(a[2] == a[3] && a[3] == a[4] && a[2] != a[0]);
    }

    [Fact]
    public void SeparatedBlobsAreRecoveredAndTheSameSeedGivesTheSameModel()
    {
        // Three blobs of 20 points around (0, 0), (10, 0) and (0, 10), jittered by at most 1.
        var random = new Random(11);
        float[] centres = [0, 0, 10, 0, 0, 10];
        var values = new float[60 * 2];
        var labels = new int[60];
        for (int i = 0; i < 60; i++)
        {
            labels[i] = i % 3;
            values[2 * i] = centres[2 * labels[i]] + (float)(random.NextDouble() * 2 - 1);
            values[2 * i + 1] = centres[2 * labels[i] + 1] + (float)(random.NextDouble() * 2 - 1);
        }
        using var points = Points.Rows(2, values);

        var first = KMeans.Fit(points, 3, seed: 42);
        var second = KMeans.Fit(points, 3, seed: 42);
        Assert.Equal(first.TrainingAssignments, second.TrainingAssignments);
        Assert.Equal(first.Centroid(0).ToArray(), second.Centroid(0).ToArray());
        Assert.Equal(1.0, NormalizedMutualInformation.Compute(labels, first.TrainingAssignments.ToArray()), 1e-12);

        // New points are assigned to the centroid of their blob.
        using var probes = Points.Rows(2, 9.5f, 0.5f, 0.2f, 9.8f);
        int[] assigned = first.Assign(probes);
        Assert.Equal(first.TrainingAssignments[1], assigned[0]);
        Assert.Equal(first.TrainingAssignments[2], assigned[1]);
    }

    [Fact]
    public void SeedingFollowsTheKMeansPlusPlusDistribution()
    {
        // Points 0, 1, 2, 10 on a line, three centres, no Lloyd update: the centroids are the seeds. The exact chance of
        // each set of seeds is enumerated below (first uniform, then each in proportion to the squared distance to the
        // nearest seed so far) and compared with the frequencies over 1,000 seeds. The third draw happens while the
        // second seed is still pending, so it goes through the rejection step; drawing it from the weights before the
        // second seed would often pick the second seed again.
        double[] line = [0, 1, 2, 10];
        using var points = Points.OnLine(line);
        const int runs = 1000;
        var observed = new Dictionary<string, int>();
        for (int seed = 0; seed < runs; seed++)
        {
            var model = KMeans.Fit(points, 3, seed, maxIterations: 0);
            string key = string.Join(",", Enumerable.Range(0, 3).Select(c => model.Centroid(c)[0]).Order());
            observed[key] = observed.GetValueOrDefault(key) + 1;
        }

        var expected = new Dictionary<string, double>();
        for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
        for (int c = 0; c < 4; c++)
        {
            if (a == b || b == c || a == c) continue;
            double Weight(int i, params int[] seeds) => seeds.Min(s => Math.Pow(line[i] - line[s], 2));
            double pB = Weight(b, a) / Enumerable.Range(0, 4).Sum(i => Weight(i, a));
            double pC = Weight(c, a, b) / Enumerable.Range(0, 4).Sum(i => Weight(i, a, b));
            string key = string.Join(",", new[] { line[a], line[b], line[c] }.Order());
            expected[key] = expected.GetValueOrDefault(key) + 0.25 * pB * pC;
        }

        foreach (var (key, probability) in expected)
        {
            double frequency = observed.GetValueOrDefault(key) / (double)runs;
            double fourSigma = 4 * Math.Sqrt(probability * (1 - probability) / runs);
            Assert.True(Math.Abs(frequency - probability) <= fourSigma,
                $"seeds {{{key}}}: frequency {frequency:F4}, k-means++ probability {probability:F4}");
        }
        // Every observed set is a possible one: in particular no seed was drawn twice.
        Assert.All(observed.Keys, key => Assert.Contains(key, expected.Keys));
    }

    [Fact]
    public void IterationLimitIsHonoured()
    {
        using var points = Points.RandomNormalised(200, 4, seed: 8);
        var model = KMeans.Fit(points, 10, seed: 1, maxIterations: 2);
        Assert.Equal(2, model.IterationsRun);
        Assert.Equal(200, model.TrainingAssignments.Count);
        Assert.All(model.TrainingAssignments, c => Assert.InRange(c, 0, 9));
    }

    [Fact]
    public void MoreClustersThanPointsIsRejected()
    {
        using var points = Points.OnLine(0, 1);
        var e = Assert.Throws<EvaluationInputException>(() => KMeans.Fit(points, 3, seed: 0));
        Assert.Contains("3 clusters of only 2 points", e.Message);
    }
}
