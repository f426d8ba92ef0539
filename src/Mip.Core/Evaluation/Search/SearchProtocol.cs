namespace Mip.Evaluation.Search;

/// <summary>How queries relate to the gallery, and therefore which gallery item a query must not retrieve.</summary>
public enum SearchProtocol
{
    /// <summary>
    /// One set searched against itself (CUB, Cars, SOP; In-Shop as the paper's code does it): query i never
    /// retrieves gallery item i. Requires the query and gallery sets to be the same rows in the same order.
    /// </summary>
    SelfExcluded,

    /// <summary>A query set against a separate gallery (true In-Shop protocol): nothing is excluded.</summary>
    QueryGallery,

    /// <summary>
    /// Cross-set search (e.g. clean queries against a triggered gallery) excluding exactly the gallery items made from
    /// the query's source image, matched by image id.
    /// </summary>
    CrossStrict,

    /// <summary>
    /// Cross-set search as the paper's code does it: search one neighbour more and drop the first, whatever it is.
    /// </summary>
    CrossPaper,
}
