using Mip.Learning.Losses;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Tests.Learning.Losses;

public class SimilarityDecorrelationLossTests
{
    public SimilarityDecorrelationLossTests() => TorchRuntime.EnsureLoaded();

    private static Tensor Unit(float[,] rows) => nn.functional.normalize(tensor(rows), p: 2, dim: 1);

    // Four images on the unit circle: 0 and 1 are look-alikes, 2 and 3 are look-alikes, the pairs far apart.
    private static readonly float[,] CleanRows = { { 1, 0 }, { 0.95f, 0.31f }, { 0, 1 }, { -0.31f, 0.95f } };

    [Fact]
    public void ProtectedCopiesThatMirrorTheirPhotosCostOne()
    {
        var clean = Unit(CleanRows);
        // A rotation keeps every pair similarity, so the two lists correlate perfectly.
        var rotated = clean.mm(tensor(new float[,] { { 0.6f, 0.8f }, { -0.8f, 0.6f } }));
        Assert.Equal(1.0, SimilarityDecorrelationLoss.Compute(rotated, clean).item<float>(), 4);
    }

    [Fact]
    public void ProtectedCopiesWhoseLookAlikesAreSwappedCostNothing()
    {
        var clean = Unit(CleanRows);
        // 0 now resembles 2 and 1 resembles 3: the look-alike pairs are the far ones, so r < 0 and the term is 0.
        var swapped = Unit(new float[,] { { 1, 0 }, { 0, 1 }, { 0.95f, 0.31f }, { -0.31f, 0.95f } });
        Assert.Equal(0.0, SimilarityDecorrelationLoss.Compute(swapped, clean).item<float>(), 6);
    }

    [Fact]
    public void OnlyTheProtectedCopiesReceiveAGradient()
    {
        var clean = Unit(CleanRows).requires_grad_();
        var triggered = (Unit(CleanRows) + tensor(new float[,] { { 0, 0.2f }, { 0.1f, 0 }, { 0, 0 }, { 0.2f, 0 } })).requires_grad_();
        Tensor loss = SimilarityDecorrelationLoss.Compute(triggered, clean);
        Assert.True(loss.item<float>() > 0.1, "the fixture's protected copies still follow their photos");
        loss.backward();
        Assert.Null(clean.grad);
        Assert.True(triggered.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void ProtectedCopiesThatAllCoincideGiveAFiniteZero()
    {
        var clean = Unit(CleanRows);
        var same = ones(4, 2).requires_grad_();
        Tensor loss = SimilarityDecorrelationLoss.Compute(same, clean);
        loss.backward();
        Assert.Equal(0.0, loss.item<float>(), 6);
        Assert.False(same.grad!.isnan().any().item<bool>());
    }

    [Fact]
    public void MismatchedOrTooFewRowsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SimilarityDecorrelationLoss.Compute(ones(4, 2), ones(3, 2)));
        Assert.Throws<ArgumentException>(() => SimilarityDecorrelationLoss.Compute(ones(2, 2), ones(2, 2)));
    }
}
