using Mip.Learning.Training;

namespace Mip.Tests.Learning;

public class LearningRateScheduleTests
{
    [Fact]
    public void ConstantKeepsTheSetRateAtEveryStep()
    {
        foreach (long step in new long[] { 0, 1, 49, 99 })
            Assert.Equal(1.0, LearningRateScheduleFactor.At(LearningRateSchedule.Constant, step, 100));
    }

    [Fact]
    public void CosineStartsAtTheSetRateHalvesMidwayAndEndsNearZero()
    {
        const long total = 400;
        Assert.Equal(1.0, LearningRateScheduleFactor.At(LearningRateSchedule.Cosine, 0, total), 12);
        Assert.Equal(0.5, LearningRateScheduleFactor.At(LearningRateSchedule.Cosine, total / 2, total), 12);
        double last = LearningRateScheduleFactor.At(LearningRateSchedule.Cosine, total - 1, total);
        Assert.InRange(last, 1e-6, 1e-4);
        var factors = Enumerable.Range(0, (int)total).Select(s => LearningRateScheduleFactor.At(LearningRateSchedule.Cosine, s, total)).ToArray();
        Assert.All(factors.Zip(factors.Skip(1)), pair => Assert.True(pair.Second < pair.First));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(10, 10)]
    [InlineData(0, 0)]
    public void StepsOutsideTheRunAreRefused(long step, long total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateScheduleFactor.At(LearningRateSchedule.Cosine, step, total));
}
