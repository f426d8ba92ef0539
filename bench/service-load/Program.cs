// Load benchmark for `mip serve`: 32 clients search by upload for 60 s against a 10,000-entry store on loopback
// while one more client keeps adding new photos; counts failed requests and checks that no acknowledged add is lost.
// Usage: dotnet bench/service-load/bin/Release/net10.0/linux-x64/Mip.Bench.ServiceLoad.dll <sqlite|pgvector> [seconds] [clients] [gallery]
// The pgvector run reads its connection string from MIP_TEST_PG (scripts/with-postgres.sh sets it).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mip.Images;
using Mip.Models;
using Mip.Retrieval;
using Mip.Retrieval.Stores;
using Mip.Runtime;
using Mip.Service;

string kind = args.Length > 0 ? args[0] : "sqlite";
int seconds = args.Length > 1 ? int.Parse(args[1]) : 60;
int clients = args.Length > 2 ? int.Parse(args[2]) : 32;
int gallerySize = args.Length > 3 ? int.Parse(args[3]) : 10_000;
const int InputSize = 64;
const string Key = "bench-key";

TorchRuntime.EnsureLoaded();
var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = InputSize }, TorchSharp.torch.CPU);
model.eval();
var vectorizer = new ImageVectorizer(model);
string temp = Directory.CreateTempSubdirectory("mip-load-").FullName;
string spec = kind switch
{
    "sqlite" => Path.Combine(temp, "gallery.mipdb"),
    "pgvector" => (Environment.GetEnvironmentVariable("MIP_TEST_PG") ?? throw new InvalidOperationException("Set MIP_TEST_PG (scripts/with-postgres.sh does).")) + ";Table=bench_" + Guid.NewGuid().ToString("N")[..8],
    _ => throw new ArgumentException("kind must be sqlite or pgvector"),
};
using var store = EmbeddingStores.Open(spec, vectorizer.Dimension);

// The 10,000-entry gallery: real embeddings of drawn photos would take CPU-minutes to compute, and search cost
// depends only on the number and length of the vectors, so the gallery is filled with random unit vectors (each with
// a unique content hash); the queries and the concurrent adds go through the real decode + model path.
var fill = Stopwatch.StartNew();
var random = new Random(42);
for (int start = 0; start < gallerySize; start += 500)
{
    var batch = new List<GalleryEntry>();
    for (int i = start; i < Math.Min(gallerySize, start + 500); i++)
    {
        var v = new float[vectorizer.Dimension];
        double norm = 0;
        for (int d = 0; d < v.Length; d++) { v[d] = (float)(random.NextDouble() * 2 - 1); norm += v[d] * v[d]; }
        for (int d = 0; d < v.Length; d++) v[d] /= (float)Math.Sqrt(norm);
        batch.Add(new GalleryEntry(ContentHash.Of(BitConverter.GetBytes((long)i).Concat(new byte[] { 7 }).ToArray()), $"synthetic-{i}", v));
    }
    store.AddRange(batch);
}
Console.WriteLine($"{kind}: filled {store.Stats().Count} entries in {fill.Elapsed.TotalSeconds:F1} s");

var app = MipServer.Build(new MipServiceOptions { ApiKey = Key, Url = "http://127.0.0.1:0" }, store, vectorizer, null);
await app.StartAsync();
string address = MipServer.ListeningAddress(app);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 4 }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };

var queries = Enumerable.Range(0, 16).Select(i => Photo(900_000 + i)).ToArray();
static byte[] Photo(int seed)
{
    var r = new Random(seed);
    var image = new RgbImage(160, 120);
    r.NextBytes(image.Pixels);
    // Smooth the noise into blobs so the JPEG is photo-sized rather than incompressible.
    var smooth = image.Resize(10, 8).Resize(160, 120);
    return ImageWriter.EncodeJpeg(smooth, 90);
}
static MultipartFormDataContent Form(byte[] bytes, string name)
{
    var form = new MultipartFormDataContent();
    var file = new ByteArrayContent(bytes);
    file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
    form.Add(file, "image", name);
    return form;
}

var latencies = new List<double>[clients];
var failures = new List<string>();
var deadline = DateTime.UtcNow.AddSeconds(seconds);
var searchTasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
{
    var mine = latencies[c] = new List<double>();
    int n = 0;
    while (DateTime.UtcNow < deadline)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.PostAsync("/api/search?k=10", Form(queries[(c + n++) % queries.Length], "q.jpg"));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !body.Contains("\"results\"")) lock (failures) failures.Add($"search {(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}");
            else mine.Add(clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) { lock (failures) failures.Add("search: " + e.Message); }
    }
})).ToArray();

var acknowledged = new List<(long Id, string Hash)>();
var addLatencies = new List<double>();
var indexer = Task.Run(async () =>
{
    int seed = 0;
    while (DateTime.UtcNow < deadline)
    {
        var bytes = Photo(1_000_000 + seed++);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/gallery") { Content = Form(bytes, $"added-{seed}.jpg") };
        request.Headers.Add(MipServer.ApiKeyHeader, Key);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode) { lock (failures) failures.Add($"add {(int)response.StatusCode}"); continue; }
            var body = (await response.Content.ReadFromJsonAsync<AddResponse>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
            acknowledged.Add((body.Id, body.ContentHash));
            addLatencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) { lock (failures) failures.Add("add: " + e.Message); }
    }
});
var run = Stopwatch.StartNew();
await Task.WhenAll(searchTasks.Append(indexer));
double elapsed = run.Elapsed.TotalSeconds;
await app.StopAsync();

var all = latencies.SelectMany(l => l).OrderBy(x => x).ToArray();
double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
var known = store.KnownHashes();
int lost = acknowledged.Count(a => !known.Contains(a.Hash) || store.Find(a.Id)?.ContentHash != a.Hash);
long finalCount = store.Stats().Count;
var sortedAdds = addLatencies.OrderBy(x => x).ToArray();
Console.WriteLine($"store={kind} gallery={gallerySize} clients={clients} seconds={elapsed:F1} input={InputSize}px");
Console.WriteLine($"searches ok={all.Length} failed={failures.Count} throughput={all.Length / elapsed:F1} req/s p50={Percentile(all, 0.5):F1} ms p99={Percentile(all, 0.99):F1} ms");
Console.WriteLine($"adds acknowledged={acknowledged.Count} lost={lost} add p50={Percentile(sortedAdds, 0.5):F1} ms p99={Percentile(sortedAdds, 0.99):F1} ms final count={finalCount} (expected {gallerySize + acknowledged.Count})");
foreach (var f in failures.Take(10)) Console.WriteLine("failure: " + f);
if (kind == "pgvector")
{
    // Leave the database as found.
    using var conn = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("MIP_TEST_PG"));
    conn.Open();
    using var drop = new Npgsql.NpgsqlCommand($"DROP TABLE {spec.Split("Table=")[1]}", conn);
    drop.ExecuteNonQuery();
}
store.Dispose();
Directory.Delete(temp, true);
return failures.Count == 0 && lost == 0 && finalCount == gallerySize + acknowledged.Count ? 0 : 1;
