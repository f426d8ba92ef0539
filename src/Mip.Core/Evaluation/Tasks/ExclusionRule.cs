namespace Mip.Evaluation.Tasks;

/// <summary>Which gallery item a query may not retrieve in the four tasks.</summary>
public enum ExclusionRule
{
    /// <summary>
    /// The gallery items made from the query's own source image are excluded by id (a protected copy of the query is
    /// not a "found" neighbour). The project's headline rule.
    /// </summary>
    Strict,

    /// <summary>
    /// As the paper's code: search one neighbour more and drop the first, whatever it is. In the cross tasks this drops
    /// the query's own copy only when the model still ranks it first.
    /// </summary>
    Paper,
}
