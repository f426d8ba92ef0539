using Mip.Evaluation;
using Mip.Evaluation.Metrics;

namespace Mip.Tests.Evaluation.Metrics;

/// <summary>NMI and pairwise F1 on contingency tables worked out by hand.</summary>
public class ClusteringMetricsTests
{
    [Fact]
    public void PerfectClusteringScoresOneWhateverTheClusterNumbers()
    {
        int[] classes = [0, 0, 1, 1, 2, 2];
        int[] clusters = [5, 5, 9, 9, 1, 1];
        Assert.Equal(1.0, NormalizedMutualInformation.Compute(classes, clusters), 1e-12);
        Assert.Equal(new PairwiseF1Score(1, 1, 1), PairwiseF1.Compute(classes, clusters));
    }

    [Fact]
    public void NmiOfAHandComputedTable()
    {
        // Classes {0,0,0,1,1,1} against clusters {0,0,1,1,2,2}: cells 2, 1 | 1, 2 over clusters of 2.
        // I = 2 x (2/6) ln((2/6) / (1/2 x 1/3)) = (2/3) ln 2; H(classes) = ln 2; H(clusters) = ln 3.
        // NMI = (2/3) ln 2 / ((ln 2 + ln 3) / 2) = 4 ln 2 / (3 ln 6) = 0.5158...
        double expected = 4 * Math.Log(2) / (3 * Math.Log(6));
        Assert.Equal(expected, NormalizedMutualInformation.Compute([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]), 1e-12);
        Assert.Equal(expected, NormalizedMutualInformation.Compute([0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1]), 1e-12);
    }

    [Fact]
    public void NmiSpecialCasesFollowScikitLearn()
    {
        // Independent labelings: every cell is exactly what the margins predict.
        Assert.Equal(0.0, NormalizedMutualInformation.Compute([0, 0, 1, 1], [0, 1, 0, 1]));
        // One group on both sides: defined as 1.
        Assert.Equal(1.0, NormalizedMutualInformation.Compute([3, 3, 3], [7, 7, 7]));
        // One cluster for several classes carries no information.
        Assert.Equal(0.0, NormalizedMutualInformation.Compute([0, 0, 1, 1], [4, 4, 4, 4]));
    }

    [Fact]
    public void PairwiseF1OfAHandComputedTable()
    {
        // Same table: same-class pairs C(3,2) + C(3,2) = 6; same-cluster pairs 3 x C(2,2) = 3; both: C(2,2) + C(2,2) = 2.
        var score = PairwiseF1.Compute([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]);
        Assert.Equal(2.0 / 3, score.Precision, 1e-12);
        Assert.Equal(2.0 / 6, score.Recall, 1e-12);
        Assert.Equal(4.0 / 9, score.F1, 1e-12);

        // Everything in one cluster: precision 2/6, recall 1, F1 = 2 (1/3) / (4/3) = 1/2.
        var merged = PairwiseF1.Compute([0, 0, 1, 1], [4, 4, 4, 4]);
        Assert.Equal(0.5, merged.F1, 1e-12);
        // All singletons: no same-cluster pair at all.
        Assert.Equal(new PairwiseF1Score(0, 0, 0), PairwiseF1.Compute([0, 0, 1], [0, 1, 2]));
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var e = Assert.Throws<EvaluationInputException>(() => NormalizedMutualInformation.Compute([0, 1], [0]));
        Assert.Contains("2 class labels but 1 cluster labels", e.Message);
    }
}
