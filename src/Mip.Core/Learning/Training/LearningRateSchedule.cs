namespace Mip.Learning.Training;

/// <summary>How the learning rates change over a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rates throughout, as the paper's code trains.</summary>
    Constant,

    /// <summary>
    /// Each rate decays step by step along half a cosine, from its set value to zero at the run's last step (not in the
    /// paper): the last epochs then take small steps, which settles the weights that get scored.
    /// </summary>
    Cosine,
}

/// <summary>The factor a <see cref="LearningRateSchedule"/> applies to the set learning rates.</summary>
public static class LearningRateScheduleFactor
{
    /// <summary>
    /// The factor for step <paramref name="step"/> (0-based, counted over the whole run) of <paramref name="totalSteps"/>:
    /// 1 for <see cref="LearningRateSchedule.Constant"/>; 0.5 (1 + cos(pi step / totalSteps)) for
    /// <see cref="LearningRateSchedule.Cosine"/>, so the first step takes the set rate and the last a small fraction of it.
    /// </summary>
    public static double At(LearningRateSchedule schedule, long step, long totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, totalSteps);
        return schedule switch
        {
            LearningRateSchedule.Constant => 1.0,
            LearningRateSchedule.Cosine => 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps)),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown learning-rate schedule."),
        };
    }
}
