using Mip.Data;
using Mip.IO;

namespace Mip.Tests.Data;

public class DatasetReadersTests
{
    [Fact]
    public void EveryKindHasOneReader()
    {
        foreach (var kind in Enum.GetValues<DatasetKind>()) Assert.Equal(kind, DatasetReaders.For(kind).Kind);
        Assert.Equal(Enum.GetValues<DatasetKind>().Length, DatasetReaders.All.Count);
    }

    [Fact]
    public void MissingPathFileAndUnknownFolderAreInputErrors()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.File("nope")));
        Assert.Contains("nope", missing.Message);
        Assert.Contains("does not exist", missing.Message);

        string file = dir.File("images.txt");
        File.WriteAllText(file, "1 a.jpg");
        Assert.Contains("is a file", Assert.Throws<DatasetException>(() => DatasetReaders.Open(file)).Message);

        string empty = Directory.CreateDirectory(dir.File("empty")).FullName;
        Directory.CreateDirectory(Path.Combine(empty, "no-images"));
        Assert.Null(DatasetReaders.Detect(empty));
        MipInputException e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(empty));
        Assert.Contains("not a recognised data set", e.Message);
        Assert.Contains("Ebay_train.txt", e.Message);
    }

    [Fact]
    public void AnExplicitKindOverridesDetection()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteCub(Path.Combine(dir.Path, "CUB_200_2011"), [(1, 1), (120, 1)]);
        // The CUB images folder is also a valid folder of classes.
        var asFolder = DatasetReaders.Open(Path.Combine(dir.Path, "CUB_200_2011", "images"), DatasetKind.ImageFolder);
        Assert.Equal(DatasetKind.ImageFolder, asFolder.Kind);
        Assert.Equal(["001.Bird_1", "120.Bird_120"], asFolder.Splits.SelectMany(s => s.Images).Select(i => i.ClassName));

        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path, DatasetKind.StanfordOnlineProducts));
        Assert.Contains("Ebay_train.txt", e.Message);
    }

    [Fact]
    public void SummaryCountsClassesAndImagesPerSplit()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteInShop(dir.Path, [(1, "train", 2), (3, "query", 1), (3, "gallery", 2), (4, "gallery", 1)]);
        var summary = DatasetSummary.Of(DatasetReaders.Open(dir.Path));

        Assert.Equal(DatasetKind.InShop, summary.Kind);
        Assert.Equal(
            [new SplitSummary("train", 1, 2), new SplitSummary("query", 1, 1), new SplitSummary("gallery", 2, 3)],
            summary.Splits);
        Assert.Equal(3, summary.ClassCount);
        Assert.Equal(6, summary.ImageCount);
    }
}
