using Mip.Cli;
using Mip.Images;
using Mip.Retrieval.Stores;

namespace Mip.Tests.Retrieval;

/// <summary>`mip index`, `mip search` and `mip store stats` in process.</summary>
public sealed class RetrievalCommandTests
{
    [Fact]
    public void Index_is_incremental_skips_bad_files_and_search_finds_the_query_first()
    {
        using var dir = new TempDir();
        string images = Directory.CreateDirectory(dir.File("photos/birds")).FullName;
        for (int seed = 0; seed < 5; seed++) ImageWriter.Save(TestPhotos.Draw(seed), Path.Combine(images, $"p{seed}.png"));
        File.WriteAllBytes(Path.Combine(images, "broken.jpg"), [0xFF, 0xD8, 0xFF, 0x00, 0x01]);
        string store = dir.File("g.mipdb");

        Assert.Equal(0, MipApp.Run(["index", "--input-size", "32", "--images", dir.File("photos"), "--store", store, "--batch-size", "2"]));
        using (var opened = SqliteEmbeddingStore.Open(store, null))
        {
            Assert.Equal(5, opened.Stats().Count);
            Assert.All(opened.Enumerate(), e => Assert.Equal("birds", e.Label));
            Assert.DoesNotContain(opened.Enumerate(), e => e.Name.EndsWith("broken.jpg"));
        }
        // A copy under another name is the same content: not added again. A new photo is.
        File.Copy(Path.Combine(images, "p1.png"), Path.Combine(images, "copy-of-p1.png"));
        ImageWriter.Save(TestPhotos.Draw(99), Path.Combine(images, "new.png"));
        Assert.Equal(0, MipApp.Run(["index", "--input-size", "32", "--images", dir.File("photos"), "--store", store]));
        using (var opened = SqliteEmbeddingStore.Open(store, null))
        {
            Assert.Equal(6, opened.Stats().Count);
            Assert.Single(opened.Enumerate(), e => e.Name.EndsWith("new.png"));
        }

        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, MipApp.Run(["search", "--input-size", "32", "--store", store, Path.Combine(images, "p3.png"), "-k", "3"]));
            Assert.Equal(0, MipApp.Run(["store", "stats", "--store", store]));
        }
        finally { Console.SetOut(original); }
        string text = output.ToString();
        int first = text.IndexOf("p3.png", StringComparison.Ordinal);
        Assert.True(first >= 0, text);
        Assert.Contains("0.0000", text);
        Assert.Contains("entries:       6", text);
    }

    [Fact]
    public void Missing_store_and_missing_folder_exit_with_input_error()
    {
        using var dir = new TempDir();
        Assert.Equal(MipApp.InputError, MipApp.Run(["store", "stats", "--store", dir.File("none.mipdb")]));
        Assert.Equal(MipApp.InputError, MipApp.Run(["index", "--images", dir.File("nope"), "--store", dir.File("g.mipdb")]));
        Assert.False(File.Exists(dir.File("g.mipdb")));
    }
}
