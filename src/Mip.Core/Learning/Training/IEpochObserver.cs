namespace Mip.Learning.Training;

/// <summary>An objective (or a part of one) that must refresh state at the start of every epoch, e.g. CBL's class centres.</summary>
public interface IEpochObserver
{
    /// <summary>
    /// Called by the trainer before the first step of <paramref name="epoch"/> (1-based), also after a resume.
    /// <paramref name="cache"/> is the trainer's cache of the frozen stages' outputs (clean training images included), or
    /// null when it keeps none: an observer that embeds the training images can start from it instead of running the
    /// frozen stages again.
    /// </summary>
    void OnEpochStart(int epoch, FeatureCache? cache);
}
