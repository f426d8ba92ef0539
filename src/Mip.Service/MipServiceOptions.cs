namespace Mip.Service;

/// <summary>Settings of the retrieval web service.</summary>
public sealed record MipServiceOptions
{
    /// <summary>Largest accepted upload in bytes (request body); larger requests get 413.</summary>
    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// Key that requests changing the gallery must send in the X-Api-Key header. Never empty: the serve command
    /// generates one when none is configured.
    /// </summary>
    public required string ApiKey { get; init; }

    /// <summary>Results returned when a search does not ask for a number.</summary>
    public int DefaultK { get; init; } = 10;

    /// <summary>Most results one search may ask for.</summary>
    public int MaxK { get; init; } = 100;

    /// <summary>Longest side of thumbnails, in pixels.</summary>
    public int ThumbnailSize { get; init; } = 160;

    /// <summary>Address to listen on, such as http://127.0.0.1:5080 (port 0 picks a free port).</summary>
    public string Url { get; init; } = "http://127.0.0.1:5080";
}
