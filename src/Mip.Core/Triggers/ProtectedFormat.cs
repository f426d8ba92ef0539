namespace Mip.Triggers;

/// <summary>The file format protected images are written in.</summary>
public enum ProtectedFormat
{
    /// <summary>A single output file: by its extension; a folder of outputs: PNG.</summary>
    Auto,

    /// <summary>Lossless PNG (the hidden secret survives best).</summary>
    Png,

    /// <summary>JPEG at the chosen quality.</summary>
    Jpeg,
}
