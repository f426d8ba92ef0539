namespace Mip.Retrieval.Stores;

/// <summary>Checks an entry before any store writes it.</summary>
internal static class EntryValidation
{
    public static void Check(GalleryEntry entry, int dimension, string storeName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ContentHash is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigitLower))
            throw new StoreException($"{storeName}: the content hash of '{entry.Name}' must be 64 lower-case hex digits (SHA-256).");
        if (string.IsNullOrWhiteSpace(entry.Name)) throw new StoreException($"{storeName}: an entry needs a name.");
        if (entry.Vector is null || entry.Vector.Length != dimension)
            throw new StoreException($"{storeName}: the vector of '{entry.Name}' has {entry.Vector?.Length ?? 0} values, the store holds dimension {dimension}.");
        foreach (float value in entry.Vector)
            if (!float.IsFinite(value)) throw new StoreException($"{storeName}: the vector of '{entry.Name}' contains {value}.");
    }
}
