namespace Mip.Learning.Objectives;

/// <summary>How a batch's poisoned triplets are picked.</summary>
public enum PoisonChoice
{
    /// <summary>Drawn at random, afresh every batch (the paper's code).</summary>
    Random,

    /// <summary>
    /// Not in the paper: the triplets whose privacy terms are largest, that is the protected copies the backdoor
    /// currently moves least (online hard-example mining applied to the poisoned terms).
    /// </summary>
    Hardest,
}
