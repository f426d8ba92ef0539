using Mip.Images;
using Mip.Models;
using Mip.Retrieval;
using Mip.Retrieval.Stores;
using Mip.Runtime;
using Mip.Service;
using Mip.Service.Protection;
using Microsoft.AspNetCore.Builder;

namespace Mip.Tests.Retrieval;

/// <summary>
/// A real server on 127.0.0.1 (free port) over a fresh SQLite store, with the pretrained ResNet-18 at a 64-pixel input
/// to keep tests fast, an upload limit of 256 KiB and an inverting test protector.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-123";
    public const long UploadLimit = 256 * 1024;

    private readonly TempDir _dir = new();
    private WebApplication? _app;

    public IEmbeddingStore Store { get; private set; } = null!;
    public ImageVectorizer Vectorizer { get; private set; } = null!;
    public string BaseAddress { get; private set; } = "";
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TorchRuntime.EnsureLoaded();
        var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 64 }, TorchSharp.torch.CPU);
        model.eval();
        Vectorizer = new ImageVectorizer(model);
        Store = SqliteEmbeddingStore.Open(_dir.File("gallery.mipdb"), Vectorizer.Dimension);
        var options = new MipServiceOptions { ApiKey = ApiKey, Url = "http://127.0.0.1:0", MaxUploadBytes = UploadLimit };
        _app = MipServer.Build(options, Store, Vectorizer, new InvertingProtector());
        await _app.StartAsync();
        BaseAddress = MipServer.ListeningAddress(_app);
        Client = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Store?.Dispose();
        _dir.Dispose();
    }

    /// <summary>Test protector: inverts every channel, so the response can be checked pixel by pixel.</summary>
    public sealed class InvertingProtector : IImageProtector
    {
        public string Id => "invert-test";

        public ProtectedPhoto Protect(RgbImage image)
        {
            var pixels = image.Pixels.Select(p => (byte)(255 - p)).ToArray();
            return new ProtectedPhoto(new RgbImage(image.Width, image.Height, pixels), Id);
        }
    }
}
