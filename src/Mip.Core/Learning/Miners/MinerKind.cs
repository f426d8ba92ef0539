namespace Mip.Learning.Miners;

/// <summary>The triplet miners a training run can use.</summary>
public enum MinerKind
{
    /// <summary><see cref="RandomTripletMiner"/>, the paper's default.</summary>
    Random,

    /// <summary><see cref="SemihardTripletMiner"/>.</summary>
    Semihard,

    /// <summary><see cref="DistanceWeightedMiner"/>.</summary>
    DistanceWeighted,
}
