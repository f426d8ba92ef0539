namespace Mip.Retrieval.Stores;

/// <summary>An image to add to a store: its content hash, a display name, its embedding and optionally its bytes.</summary>
/// <param name="ContentHash">Lower-case hex SHA-256 of the image file bytes.</param>
/// <param name="Name">Original file name or path.</param>
/// <param name="Vector">The embedding; its length must equal the store's dimension.</param>
/// <param name="Image">The encoded image bytes to keep (for thumbnails), or null to keep only the name.</param>
/// <param name="Label">An optional free-text label.</param>
public sealed record GalleryEntry(string ContentHash, string Name, float[] Vector, byte[]? Image = null, string? Label = null);
