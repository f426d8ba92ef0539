namespace Mip.Data.Matlab;

/// <summary>
/// An array of a class this reader does not decode (sparse, object, function handle, opaque). It is kept, with its
/// class, name and dimensions, so that a file holding one still opens; asking for a typed view of it fails loudly.
/// </summary>
public sealed class MatUnsupportedArray : MatArray
{
    internal MatUnsupportedArray(MatClass matClass, string name, int[] dimensions, string location, string source)
        : base(matClass, name, dimensions, location, source)
    {
    }
}
