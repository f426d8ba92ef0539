using Mip.Retrieval;
using Mip.Retrieval.Stores;

namespace Mip.Tests.Retrieval;

/// <summary>The contract every <see cref="IEmbeddingStore"/> keeps, run against the SQLite and the pgvector store.</summary>
public sealed class StoreContractTests
{
    private const int Dim = 16;

    private static float[] RandomUnitVector(Random random, int dim = Dim)
    {
        var v = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) { v[i] = (float)(random.NextDouble() * 2 - 1); norm += v[i] * v[i]; }
        for (int i = 0; i < dim; i++) v[i] /= (float)Math.Sqrt(norm);
        return v;
    }

    private static GalleryEntry Entry(Random random, string name, byte[]? image = null, string? label = null)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return new GalleryEntry(ContentHash.Of(bytes), name, RandomUnitVector(random), image, label);
    }

    private static float Distance(float[] a, float[] b) => MathF.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());

    [Theory, SqliteStore, PgvectorStore]
    public void Added_entries_round_trip_with_metadata_and_vectors(string kind)
    {
        using var stores = StoreKind.Create(kind);
        var random = new Random(1);
        var withImage = Entry(random, "a.jpg", image: [1, 2, 3, 250], label: "cats");
        var withoutImage = Entry(random, "/photos/b.png");
        string specToKeep = stores.NewSpec();
        long idA, idB;
        using (var store = stores.Open(specToKeep, Dim))
        {
            idA = store.Add(withImage).Id;
            idB = store.Add(withoutImage).Id;
            Assert.NotEqual(idA, idB);
        }
        // Reopened without a dimension: everything comes back from storage, not from the first instance's memory.
        using (var store = stores.Open(specToKeep, null))
        {
            Assert.Equal(Dim, store.Dimension);
            var a = store.Find(idA)!;
            Assert.Equal(withImage.ContentHash, a.ContentHash);
            Assert.Equal("a.jpg", a.Name);
            Assert.Equal("cats", a.Label);
            Assert.True(a.HasImage);
            Assert.Equal(withImage.Vector, a.Vector);
            var b = store.FindByHash(withoutImage.ContentHash)!;
            Assert.Equal(idB, b.Id);
            Assert.Null(b.Label);
            Assert.False(b.HasImage);
            Assert.Equal(new byte[] { 1, 2, 3, 250 }, store.ReadImage(idA));
            Assert.Null(store.ReadImage(idB));
            Assert.Null(store.Find(idB + 1000));
            Assert.Equal(new[] { idA, idB }, store.Enumerate().Select(e => e.Id));
            Assert.Equal(new HashSet<string> { withImage.ContentHash, withoutImage.ContentHash }, store.KnownHashes());
            var stats = store.Stats();
            Assert.Equal(kind, stats.Kind);
            Assert.Equal(2, stats.Count);
            Assert.Equal(1, stats.ImagesStored);
        }
    }

    [Theory, SqliteStore, PgvectorStore]
    public void Adding_a_known_content_hash_returns_the_existing_entry(string kind)
    {
        using var stores = StoreKind.Create(kind);
        using var store = stores.Open(stores.NewSpec(), Dim);
        var random = new Random(2);
        var first = Entry(random, "first.jpg");
        var added = store.Add(first);
        Assert.True(added.Added);
        var again = store.Add(first with { Name = "renamed.jpg", Vector = RandomUnitVector(random) });
        Assert.False(again.Added);
        Assert.Equal(added.Id, again.Id);
        Assert.Equal("first.jpg", store.Find(added.Id)!.Name);
        // Duplicates inside one batch are also collapsed onto one entry.
        var other = Entry(random, "other.jpg");
        var batch = store.AddRange([other, other with { Name = "copy.jpg" }, first]);
        Assert.Equal([true, false, false], batch.Select(r => r.Added));
        Assert.Equal(batch[0].Id, batch[1].Id);
        Assert.Equal(added.Id, batch[2].Id);
        Assert.Equal(2, store.Stats().Count);
    }

    [Theory, SqliteStore, PgvectorStore]
    public void Search_ranks_by_euclidean_distance_like_a_brute_force_scan(string kind)
    {
        using var stores = StoreKind.Create(kind);
        using var store = stores.Open(stores.NewSpec(), Dim);
        var random = new Random(3);
        var entries = Enumerable.Range(0, 300).Select(i => Entry(random, $"img{i}.jpg")).ToList();
        var ids = store.AddRange(entries).Select(r => r.Id).ToList();
        for (int q = 0; q < 5; q++)
        {
            var query = RandomUnitVector(random);
            var expected = entries.Select((e, i) => (Id: ids[i], D: Distance(e.Vector, query)))
                .OrderBy(x => x.D).ThenBy(x => x.Id).Take(10).ToList();
            var hits = store.Search(query, 10);
            Assert.Equal(expected.Select(x => x.Id), hits.Select(h => h.Id));
            for (int i = 0; i < hits.Count; i++) Assert.Equal(expected[i].D, hits[i].Distance, 1e-4f);
        }
        // A stored vector finds itself first, at distance zero.
        var self = store.Search(entries[42].Vector, 3);
        Assert.Equal(ids[42], self[0].Id);
        Assert.Equal(0f, self[0].Distance, 1e-5f);
        Assert.Equal("img42.jpg", self[0].Name);
        // Asking for more than there is returns everything.
        Assert.Equal(300, store.Search(entries[0].Vector, 1000).Count);
    }

    [Theory, SqliteStore, PgvectorStore]
    public void Deleted_entries_are_gone_from_search_lookup_and_counts(string kind)
    {
        using var stores = StoreKind.Create(kind);
        string spec = stores.NewSpec();
        var random = new Random(4);
        var entries = Enumerable.Range(0, 20).Select(i => Entry(random, $"d{i}.jpg")).ToList();
        long victim;
        using (var store = stores.Open(spec, Dim))
        {
            var ids = store.AddRange(entries).Select(r => r.Id).ToList();
            victim = ids[7];
            Assert.Equal(victim, store.Search(entries[7].Vector, 1)[0].Id);
            Assert.True(store.Delete(victim));
            Assert.False(store.Delete(victim));
            Assert.DoesNotContain(store.Search(entries[7].Vector, 20), h => h.Id == victim);
            Assert.Null(store.Find(victim));
            Assert.Equal(19, store.Stats().Count);
            // After a delete the same content can come back, as a new entry.
            var back = store.Add(entries[7]);
            Assert.True(back.Added);
            Assert.NotEqual(victim, back.Id);
        }
        using (var store = stores.Open(spec, Dim))
        {
            Assert.Equal(20, store.Stats().Count);
            Assert.DoesNotContain(store.Enumerate(), e => e.Id == victim);
        }
    }

    [Theory, SqliteStore, PgvectorStore]
    public void Wrong_dimensions_and_bad_entries_are_refused_with_the_store_named(string kind)
    {
        using var stores = StoreKind.Create(kind);
        string spec = stores.NewSpec();
        var random = new Random(5);
        using (var store = stores.Open(spec, Dim))
        {
            var wrongLength = Entry(random, "short.jpg") with { Vector = new float[Dim - 1] };
            var e = Assert.Throws<StoreException>(() => store.Add(wrongLength));
            Assert.Contains("short.jpg", e.Message);
            Assert.Throws<StoreException>(() => store.Add(Entry(random, "bad-hash.jpg") with { ContentHash = "xyz" }));
            var nan = Entry(random, "nan.jpg");
            nan.Vector[0] = float.NaN;
            Assert.Throws<StoreException>(() => store.Add(nan));
            Assert.Throws<StoreException>(() => store.Search(new float[Dim + 1], 3));
            // A refused entry in a batch refuses the whole batch before anything is written.
            Assert.Throws<StoreException>(() => store.AddRange([Entry(random, "fine.jpg"), wrongLength]));
            Assert.Equal(0, store.Stats().Count);
        }
        var mismatch = Assert.Throws<StoreException>(() => stores.Open(spec, Dim * 2));
        Assert.Contains($"dimension {Dim}", mismatch.Message);
        Assert.Throws<StoreException>(() => stores.Open(stores.NewSpec(), null));
    }

    [Theory, SqliteStore, PgvectorStore]
    public async Task Concurrent_adds_and_searches_lose_nothing(string kind)
    {
        using var stores = StoreKind.Create(kind);
        using var store = stores.Open(stores.NewSpec(), Dim);
        const int writers = 4, perWriter = 25;
        var all = Enumerable.Range(0, writers * perWriter).Select(i => Entry(new Random(100 + i), $"c{i}.jpg")).ToList();
        var searchErrors = 0;
        using var stop = new CancellationTokenSource();
        var searcher = Task.Run(() =>
        {
            var random = new Random(6);
            while (!stop.IsCancellationRequested)
            {
                try { store.Search(RandomUnitVector(random), 5); }
                catch { Interlocked.Increment(ref searchErrors); }
            }
        });
        Parallel.For(0, writers, w =>
        {
            for (int i = 0; i < perWriter; i++) Assert.True(store.Add(all[w * perWriter + i]).Added);
        });
        stop.Cancel();
        await searcher;
        Assert.Equal(0, searchErrors);
        Assert.Equal(writers * perWriter, store.Stats().Count);
        foreach (var entry in all) Assert.Equal(entry.Name, store.Search(entry.Vector, 1)[0].Name);
    }

    [Theory, SqliteStore, PgvectorStore]
    public void A_second_open_instance_sees_adds_and_deletes_made_through_the_first(string kind)
    {
        // Two handles on one store stand for two processes (an indexer and a server) sharing it.
        using var stores = StoreKind.Create(kind);
        string spec = stores.NewSpec();
        var random = new Random(7);
        using var writer = stores.Open(spec, Dim);
        using var reader = stores.Open(spec, Dim);
        var first = Entry(random, "first.jpg");
        writer.Add(first);
        Assert.Equal("first.jpg", reader.Search(first.Vector, 1)[0].Name);
        var second = Entry(random, "second.jpg");
        long secondId = reader.Add(second).Id;
        Assert.Equal(secondId, writer.Search(second.Vector, 1)[0].Id);
        Assert.True(writer.Delete(secondId));
        Assert.DoesNotContain(reader.Search(second.Vector, 5), h => h.Id == secondId);
        Assert.Single(reader.Search(second.Vector, 5));
    }
}
