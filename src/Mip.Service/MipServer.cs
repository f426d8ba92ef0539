using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mip.Images;
using Mip.Retrieval;
using Mip.Retrieval.Stores;
using Mip.Service.Protection;

namespace Mip.Service;

/// <summary>
/// The retrieval web service: a JSON API (search by upload, add, delete, stats, protect) described by OpenAPI at
/// /openapi/v1.json, and a web page at /. Gallery changes need the API key in the X-Api-Key header.
/// </summary>
public static class MipServer
{
    /// <summary>Header carrying the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Builds (does not start) the application around an open store and a model.</summary>
    public static WebApplication Build(MipServiceOptions options, IEmbeddingStore store, ImageVectorizer vectorizer, IImageProtector? protector)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.ApiKey)) throw new ArgumentException("An API key is required.", nameof(options));
        if (vectorizer.Dimension != store.Dimension)
            throw new StoreException($"The model makes {vectorizer.Dimension}-d embeddings, the store holds {store.Dimension}-d ones.");

        // Searches block a thread for the model's forward pass and the store call; on a two-core machine the pool
        // would otherwise start with two threads and add one every half second under a burst of clients.
        ThreadPool.GetMinThreads(out int workers, out int completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completion, 64));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.WebHost.UseUrls(options.Url);
        // Multipart framing adds a little over the file itself; the form limit below is the one users meet.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + 64 * 1024);
        builder.Services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = options.MaxUploadBytes;
            f.ValueLengthLimit = 64 * 1024;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddOpenApi();
        var app = builder.Build();
        var thumbnails = new Thumbnails(store, options.ThumbnailSize);
        var apiKey = Encoding.UTF8.GetBytes(options.ApiKey);

        app.MapOpenApi();
        app.MapGet("/", () => Results.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription();

        var api = app.MapGroup("/api");

        api.MapPost("/search", async (HttpRequest request, int? k, CancellationToken cancellation) =>
        {
            int wanted = k ?? options.DefaultK;
            if (wanted < 1 || wanted > options.MaxK) return Results.BadRequest(new ErrorResponse($"k must be between 1 and {options.MaxK}, got {wanted}."));
            var (upload, _, error) = await UploadReader.ReadAsync(request, cancellation);
            if (error is not null) return error;
            var clock = Stopwatch.StartNew();
            var hits = store.Search(vectorizer.Embed(upload!.Image), wanted);
            var results = hits.Select((h, i) => new SearchResultDto(i + 1, h.Id, h.Name, h.Label, h.Distance,
                Thumbnails.Available(h.HasImage, h.Name) ? $"/api/gallery/{h.Id}/thumbnail" : null)).ToList();
            return Results.Ok(new SearchResponse(upload.Name, wanted, clock.Elapsed.TotalMilliseconds, results));
        })
        .Accepts<IFormFile>("multipart/form-data")
        .Produces<SearchResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(413)
        .WithSummary("Search the gallery with an uploaded query photo (form field 'image'); ?k= results.");

        api.MapPost("/gallery", async (HttpRequest request, CancellationToken cancellation) =>
        {
            if (!Authorised(request, apiKey)) return Unauthorised();
            var (upload, form, error) = await UploadReader.ReadAsync(request, cancellation);
            if (error is not null) return error;
            string? label = form!["label"].FirstOrDefault() is { Length: > 0 } l ? l : null;
            var vector = vectorizer.Embed(upload!.Image);
            string hash = ContentHash.Of(upload.Bytes);
            var result = store.Add(new GalleryEntry(hash, upload.Name, vector, upload.Bytes, label));
            var body = new AddResponse(result.Id, result.Added, hash, upload.Name);
            return result.Added ? Results.Created($"/api/gallery/{result.Id}", body) : Results.Ok(body);
        })
        .Accepts<IFormFile>("multipart/form-data")
        .Produces<AddResponse>(201).Produces<AddResponse>(200).Produces<ErrorResponse>(400).Produces(401).Produces<ErrorResponse>(413)
        .WithSummary("Add an uploaded photo (form fields 'image', optional 'label') to the gallery. Needs X-Api-Key.");

        api.MapDelete("/gallery/{id:long}", (HttpRequest request, long id) =>
        {
            if (!Authorised(request, apiKey)) return Unauthorised();
            if (!store.Delete(id)) return Results.NotFound(new ErrorResponse($"There is no gallery entry {id}."));
            thumbnails.Forget(id);
            return Results.NoContent();
        })
        .Produces(204).Produces(401).Produces<ErrorResponse>(404)
        .WithSummary("Delete a gallery entry. Needs X-Api-Key.");

        api.MapGet("/gallery/{id:long}/thumbnail", (long id) =>
            thumbnails.Get(id) is { } jpeg ? Results.File(jpeg, "image/jpeg") : Results.NotFound(new ErrorResponse($"Entry {id} has no readable image.")))
        .Produces(200, contentType: "image/jpeg").Produces<ErrorResponse>(404)
        .WithSummary("A JPEG thumbnail of a gallery entry.");

        api.MapGet("/stats", () =>
        {
            var s = store.Stats();
            return Results.Ok(new StatsResponse(s.Kind, s.Count, s.Dimension, s.ImagesStored, s.SizeBytes, vectorizer.Model.InputSize));
        })
        .Produces<StatsResponse>()
        .WithSummary("Number of gallery entries and the store's kind and dimension.");

        api.MapPost("/protect", async (HttpRequest request, CancellationToken cancellation) =>
        {
            if (protector is null)
                return Results.Json(new ErrorResponse("This server has no protection trigger configured."), statusCode: StatusCodes.Status501NotImplemented);
            var (upload, _, error) = await UploadReader.ReadAsync(request, cancellation);
            if (error is not null) return error;
            var photo = protector.Protect(upload!.Image);
            var png = ImageWriter.EncodePng(photo.Image);
            request.HttpContext.Response.Headers["X-Mip-Trigger"] = photo.TriggerId;
            return Results.File(png, "image/png", Path.GetFileNameWithoutExtension(upload.Name) + "-protected.png");
        })
        .Accepts<IFormFile>("multipart/form-data")
        .Produces(200, contentType: "image/png").Produces<ErrorResponse>(400).Produces<ErrorResponse>(413).Produces<ErrorResponse>(501)
        .WithSummary("Protect an uploaded photo with the benign-backdoor trigger; returns the protected PNG for download.");

        return app;
    }

    /// <summary>The address the started application listens on (resolves port 0 to the real port).</summary>
    public static string ListeningAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static bool Authorised(HttpRequest request, byte[] apiKey) =>
        request.Headers.TryGetValue(ApiKeyHeader, out var sent) && sent.Count == 1 &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent[0] ?? ""), apiKey);

    private static IResult Unauthorised() =>
        Results.Json(new ErrorResponse($"This request changes the gallery: send the API key in the {ApiKeyHeader} header."), statusCode: StatusCodes.Status401Unauthorized);

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(MipServer).Assembly.GetManifestResourceStream("Mip.Service.index.html")!;
        return new StreamReader(stream).ReadToEnd();
    });
}
