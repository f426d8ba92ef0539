using Mip.Data;

namespace Mip.Tests.Data;

public class StanfordOnlineProductsReaderTests
{
    private static void WriteFixture(string root) => DatasetFixtures.WriteSop(root,
        train: [(1, 1, 2), (2, 1, 3), (3, 4, 2)],
        test: [(11319, 1, 2), (11320, 12, 4)]);

    [Fact]
    public void SplitsAreTheTwoFilesWithTheirOwnIds()
    {
        using var dir = new TempDir();
        WriteFixture(dir.Path);

        Assert.Equal(DatasetKind.StanfordOnlineProducts, DatasetReaders.Detect(dir.Path));
        var data = DatasetReaders.Open(dir.Path);

        Assert.Equal([1, 2, 3], data.Train.ClassLabels);
        Assert.Equal(7, data.Train.Count);
        Assert.Equal([11319, 11320], data.Test.ClassLabels);
        Assert.Equal(6, data.Test.Count);
        Assert.Equal(Enumerable.Range(1, 6), data.Test.Images.Select(i => i.Id));
        var image = data.Test.Images[^1];
        Assert.Equal("toaster_final/11320", image.ClassName);
        Assert.Equal(Path.Combine(dir.Path, "toaster_final", "111320_3.JPG"), image.Path);
    }

    [Fact]
    public void MissingTestListAndMissingImageAreNamed()
    {
        using var dir = new TempDir();
        WriteFixture(dir.Path);
        string gone = Path.Combine(dir.Path, "coffee_maker_final", "100003_1.JPG");
        File.Delete(gone);
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains(gone, e.Message);

        File.Delete(Path.Combine(dir.Path, "Ebay_test.txt"));
        var noList = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "Ebay_test.txt"), noList.Message);
    }

    [Theory]
    [InlineData("4 2 1")]
    [InlineData("4 two 1 bicycle_final/x.JPG")]
    [InlineData("1 2 1 bicycle_final/dup.JPG")]
    public void MalformedLineNamesFileAndLine(string replacement)
    {
        using var dir = new TempDir();
        WriteFixture(dir.Path);
        string path = Path.Combine(dir.Path, "Ebay_train.txt");
        var lines = File.ReadAllLines(path);
        lines[4] = replacement;
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains($"'{path}' line 5", e.Message);
    }
}
