using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mip.Images;
using Mip.Service;

namespace Mip.Tests.Retrieval;

/// <summary>The JSON API of `mip serve`, over loopback against a real server.</summary>
public sealed class ServiceApiTests(ServiceFixture server) : IClassFixture<ServiceFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static MultipartFormDataContent Upload(byte[] bytes, string name, string? label = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", name);
        if (label is not null) form.Add(new StringContent(label), "label");
        return form;
    }

    private Task<HttpResponseMessage> Add(byte[] bytes, string name, string? key = ServiceFixture.ApiKey, string? label = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/gallery") { Content = Upload(bytes, name, label) };
        if (key is not null) request.Headers.Add(MipServer.ApiKeyHeader, key);
        return server.Client.SendAsync(request);
    }

    private async Task<SearchResponse> Search(byte[] bytes, string name, int k)
    {
        var response = await server.Client.PostAsync($"/api/search?k={k}", Upload(bytes, name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(Json))!;
    }

    [Fact]
    public async Task Added_photos_are_found_by_search_shown_as_thumbnails_and_deleted()
    {
        var ids = new List<long>();
        for (int seed = 1000; seed < 1006; seed++)
        {
            var created = await Add(TestPhotos.Png(seed), $"photo{seed}.png", label: "tests");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = (await created.Content.ReadFromJsonAsync<AddResponse>(Json))!;
            Assert.True(body.Added);
            ids.Add(body.Id);
        }
        // The same bytes again are recognised by content hash.
        var again = await Add(TestPhotos.Png(1003), "renamed.png");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(ids[3], (await again.Content.ReadFromJsonAsync<AddResponse>(Json))!.Id);

        var found = await Search(TestPhotos.Png(1003), "query.png", 3);
        Assert.Equal(3, found.Results.Count);
        Assert.Equal(ids[3], found.Results[0].Id);
        Assert.Equal("photo1003.png", found.Results[0].Name);
        Assert.Equal("tests", found.Results[0].Label);
        Assert.True(found.Results[0].Distance < 1e-3f, $"distance {found.Results[0].Distance}");
        Assert.True(found.Results[1].Distance >= found.Results[0].Distance);

        var thumbnail = await server.Client.GetAsync(found.Results[0].ThumbnailUrl);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        var decoded = ImageReader.Decode(await thumbnail.Content.ReadAsByteArrayAsync(), "thumbnail");
        Assert.Equal((96, 80), (decoded.Width, decoded.Height));

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/gallery/{ids[3]}");
        delete.Headers.Add(MipServer.ApiKeyHeader, ServiceFixture.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.SendAsync(delete)).StatusCode);
        var afterDelete = await Search(TestPhotos.Png(1003), "query.png", 10);
        Assert.DoesNotContain(afterDelete.Results, r => r.Id == ids[3]);
        var deleteAgain = new HttpRequestMessage(HttpMethod.Delete, $"/api/gallery/{ids[3]}");
        deleteAgain.Headers.Add(MipServer.ApiKeyHeader, ServiceFixture.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.SendAsync(deleteAgain)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_gallery_needs_the_api_key()
    {
        long before = server.Store.Stats().Count;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Add(TestPhotos.Png(2001), "nokey.png", key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Add(TestPhotos.Png(2001), "wrongkey.png", key: "wrong")).StatusCode);
        var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/gallery/1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.SendAsync(delete)).StatusCode);
        Assert.Equal(before, server.Store.Stats().Count);
    }

    [Fact]
    public async Task Bad_images_are_400_with_a_message_and_never_stored()
    {
        long before = server.Store.Stats().Count;
        var garbage = new byte[5000];
        new Random(7).NextBytes(garbage);
        var response = await Add(garbage, "holiday.jpg");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<ErrorResponse>(Json))!;
        Assert.Contains("holiday.jpg", error.Error);

        var jpeg = TestPhotos.Jpeg(2002);
        var truncated = jpeg.AsSpan(0, jpeg.Length / 2).ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await Add(truncated, "cut.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsync("/api/search", Upload(garbage, "q.jpg"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Client.PostAsync("/api/search", new StringContent("not a form"))).StatusCode);
        Assert.Equal(before, server.Store.Stats().Count);
        Assert.DoesNotContain(server.Store.Enumerate(), e => e.Name is "holiday.jpg" or "cut.jpg");
    }

    [Fact]
    public async Task Uploads_over_the_limit_are_refused_with_413()
    {
        long before = server.Store.Stats().Count;
        // A valid but large PNG of noise: it decodes, so only the size can be the reason for refusal.
        var noise = new RgbImage(400, 400);
        new Random(8).NextBytes(noise.Pixels);
        var big = ImageWriter.EncodePng(noise);
        Assert.True(big.Length > ServiceFixture.UploadLimit);
        var response = await Add(big, "big.png");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, server.Store.Stats().Count);
    }

    [Fact]
    public async Task K_out_of_range_is_a_400()
    {
        var response = await server.Client.PostAsync("/api/search?k=0", Upload(TestPhotos.Png(3), "q.png"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("k must be", (await response.Content.ReadFromJsonAsync<ErrorResponse>(Json))!.Error);
    }

    [Fact]
    public async Task Protect_returns_the_protected_photo_as_a_png_download()
    {
        var original = TestPhotos.Draw(4);
        var response = await server.Client.PostAsync("/api/protect", Upload(ImageWriter.EncodePng(original), "me.png"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("me-protected.png", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("invert-test", response.Headers.GetValues("X-Mip-Trigger").Single());
        var protectedImage = ImageReader.Decode(await response.Content.ReadAsByteArrayAsync(), "protected");
        Assert.Equal(original.Pixels.Select(p => (byte)(255 - p)), protectedImage.Pixels);
    }

    [Fact]
    public async Task Stats_openapi_and_page_are_served()
    {
        var stats = (await server.Client.GetFromJsonAsync<StatsResponse>("/api/stats", Json))!;
        Assert.Equal("sqlite", stats.Kind);
        Assert.Equal(512, stats.Dimension);
        Assert.Equal(server.Store.Stats().Count, stats.Count);

        using var openApi = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/search", "/api/gallery", "/api/gallery/{id}", "/api/stats", "/api/protect" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");

        var page = await server.Client.GetStringAsync("/");
        Assert.Contains("id=\"search-form\"", page);
        Assert.Contains("/api/search", page);
    }
}
