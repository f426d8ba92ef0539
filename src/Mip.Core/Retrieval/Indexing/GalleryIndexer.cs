using Mip.Data;
using Mip.Images;
using Mip.IO;
using Mip.Retrieval.Stores;

namespace Mip.Retrieval.Indexing;

/// <summary>
/// Adds the images under a folder to a store incrementally: files are identified by the SHA-256 of their bytes, so a
/// re-run (or a run after a crash) embeds only images the store does not hold yet. Images are decoded, embedded and
/// committed in batches; <see cref="Committed"/> fires for each image only after its batch committed.
/// </summary>
public sealed class GalleryIndexer(IEmbeddingStore store, ImageVectorizer vectorizer, IndexOptions? options = null)
{
    private readonly IndexOptions _options = options ?? new IndexOptions();

    /// <summary>Raised once per newly stored image, after the commit that made it durable.</summary>
    public event Action<IndexedImage>? Committed;

    /// <summary>Indexes every image file under <paramref name="folder"/> (recursively, sorted by path).</summary>
    public IndexReport Run(string folder, IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (!Directory.Exists(folder)) throw new MipInputException($"Image folder '{folder}' does not exist.");
        if (vectorizer.Dimension != store.Dimension)
            throw new StoreException($"The model makes {vectorizer.Dimension}-d embeddings, the store holds {store.Dimension}-d ones.");
        var files = ImageFiles.SortedImagesUnder(folder);
        var known = new HashSet<string>(store.KnownHashes(), StringComparer.Ordinal);
        var failures = new List<IndexFailure>();
        int added = 0, skipped = 0, processed = 0;
        var pending = new List<(string Path, byte[] Bytes, string Hash, RgbImage Image)>();

        void Flush()
        {
            if (pending.Count == 0) return;
            var vectors = vectorizer.Embed(pending.Select(p => p.Image).ToList());
            var entries = pending.Select((p, i) => new GalleryEntry(
                p.Hash, Path.GetFullPath(p.Path), vectors[i], _options.StoreImageBytes ? p.Bytes : null,
                _options.LabelFromFolder ? Path.GetFileName(Path.GetDirectoryName(p.Path)) : null)).ToList();
            var results = store.AddRange(entries);
            for (int i = 0; i < results.Count; i++)
            {
                if (results[i].Added)
                {
                    added++;
                    Committed?.Invoke(new IndexedImage(results[i].Id, pending[i].Path, pending[i].Hash));
                }
                else skipped++;
            }
            processed += pending.Count;
            pending.Clear();
            progress?.Report(new IndexProgress(processed, files.Length, added, skipped, failures.Count));
        }

        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file); }
            catch (IOException e) { failures.Add(new IndexFailure(file, e.Message)); processed++; continue; }
            string hash = ContentHash.Of(bytes);
            if (!known.Add(hash))
            {
                skipped++;
                processed++;
                progress?.Report(new IndexProgress(processed, files.Length, added, skipped, failures.Count));
                continue;
            }
            RgbImage image;
            try { image = ImageReader.Decode(bytes, file); }
            catch (ImageDecodeException e)
            {
                // Never stored: a file that does not decode has no embedding and no place in the gallery.
                failures.Add(new IndexFailure(file, e.Message));
                processed++;
                continue;
            }
            pending.Add((file, bytes, hash, image.Width == vectorizer.Model.InputSize && image.Height == vectorizer.Model.InputSize
                ? image : image.Resize(vectorizer.Model.InputSize, vectorizer.Model.InputSize)));
            if (pending.Count >= _options.BatchSize) Flush();
        }
        Flush();
        return new IndexReport(files.Length, added, skipped, failures);
    }
}
