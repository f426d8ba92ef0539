namespace Mip.Data.Matlab;

/// <summary>The MATLAB class of an array, as coded in the array-flags sub-element of a MAT 5 file.</summary>
public enum MatClass
{
    /// <summary>Not a class code that MATLAB writes (also used for an empty placeholder element).</summary>
    Unknown = 0,
    Cell = 1,
    Struct = 2,
    Object = 3,
    Char = 4,
    Sparse = 5,
    Double = 6,
    Single = 7,
    Int8 = 8,
    UInt8 = 9,
    Int16 = 10,
    UInt16 = 11,
    Int32 = 12,
    UInt32 = 13,
    Int64 = 14,
    UInt64 = 15,
    Function = 16,
    Opaque = 17,
}
