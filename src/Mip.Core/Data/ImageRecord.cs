namespace Mip.Data;

/// <summary>One image of a data set.</summary>
/// <param name="Id">
/// The data set's own image id where it has one (CUB's image_id, SOP's image_id, which restarts in each split), else
/// a 1-based running index in reading order (Cars196: the annotation number; In-Shop: the line number among entries;
/// image folders: the position in sorted order).
/// </param>
/// <param name="Path">The absolute path of the image file.</param>
/// <param name="Label">The class id in the data set's own numbering (1-based for every supported format).</param>
/// <param name="ClassName">The class's human-readable name.</param>
public sealed record ImageRecord(int Id, string Path, int Label, string ClassName);
