using Mip.Data;

namespace Mip.Tests.Data;

public class InShopReaderTests
{
    private static readonly (int, string, int)[] Items =
        [(2, "train", 3), (7, "train", 2), (12, "query", 2), (12, "gallery", 3), (15, "gallery", 1), (15, "query", 1)];

    [Fact]
    public void ReadsTrainQueryGalleryAndHasNoTestSplit()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteInShop(dir.Path, Items);

        Assert.Equal(DatasetKind.InShop, DatasetReaders.Detect(dir.Path));
        var data = DatasetReaders.Open(dir.Path);

        Assert.Equal(["train", "query", "gallery"], data.Splits.Select(s => s.Name));
        Assert.Equal([2, 7], data.Train.ClassLabels);
        Assert.Equal(5, data.Train.Count);
        Assert.Equal([12, 15], data.Query.ClassLabels);
        Assert.Equal(3, data.Query.Count);
        Assert.Equal(4, data.Gallery.Count);
        Assert.Equal("id_00000012", data.Query.Images[0].ClassName);
        Assert.Equal(6, data.Query.Images[0].Id);
        Assert.Equal(Path.Combine(dir.Path, "img", "WOMEN", "Dresses", "id_00000012", "01_1_front.jpg"), data.Query.Images[0].Path);

        var e = Assert.Throws<DatasetException>(() => data.Test);
        Assert.Contains("train, query, gallery", e.Message);
    }

    [Fact]
    public void FindsTheListInEvalAndImagesUnderImg()
    {
        using var dir = new TempDir();
        // The official archive: Eval/list_eval_partition.txt and Img/img/...
        DatasetFixtures.WriteInShop(Path.Combine(dir.Path, "Img"), Items);
        Directory.CreateDirectory(Path.Combine(dir.Path, "Eval"));
        File.Move(Path.Combine(dir.Path, "Img", "list_eval_partition.txt"), Path.Combine(dir.Path, "Eval", "list_eval_partition.txt"));

        var data = DatasetReaders.Open(dir.Path);
        Assert.Equal(DatasetKind.InShop, data.Kind);
        Assert.Equal(12, data.Splits.Sum(s => s.Count));
        Assert.StartsWith(Path.Combine(dir.Path, "Img", "img"), data.Train.Images[0].Path);
    }

    [Theory]
    [InlineData(4, "img/WOMEN/Dresses/id_00000002/x.jpg id_00000002 validation", "evaluation status 'validation'")]
    [InlineData(5, "img/WOMEN/Dresses/id_00000002/x.jpg item2 train", "item id 'item2'")]
    [InlineData(6, "img/WOMEN/Dresses/id_00000002/x.jpg", "expected")]
    public void MalformedLineNamesFileAndLine(int line, string replacement, string problem)
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteInShop(dir.Path, Items);
        string path = Path.Combine(dir.Path, "list_eval_partition.txt");
        var lines = File.ReadAllLines(path);
        lines[line - 1] = replacement;
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains($"'{path}' line {line}", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void CountLineMustMatchTheEntries()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteInShop(dir.Path, Items);
        string path = Path.Combine(dir.Path, "list_eval_partition.txt");
        File.WriteAllLines(path, File.ReadAllLines(path).SkipLast(2));

        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains("declares 12 images", e.Message);
        Assert.Contains("lists 10", e.Message);
    }
}
