namespace Mip.Learning.Training;

/// <summary>An objective (or a part of one) that must refresh state at the start of every epoch, e.g. CBL's class centres.</summary>
public interface IEpochObserver
{
    /// <summary>Called by the trainer before the first step of <paramref name="epoch"/> (1-based), also after a resume.</summary>
    void OnEpochStart(int epoch);
}
