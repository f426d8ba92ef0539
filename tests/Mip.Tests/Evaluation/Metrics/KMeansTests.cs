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
