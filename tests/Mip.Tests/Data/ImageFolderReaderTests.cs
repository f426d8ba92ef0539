using Mip.Data;

namespace Mip.Tests.Data;

public class ImageFolderReaderTests
{
    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(0.4, 2)]
    [InlineData(0.01, 1)]
    [InlineData(0.99, 4)]
    [InlineData(1.0, 5)]
    public void TrainTakesTheFirstFractionOfSortedClasses(double fraction, int trainClasses)
    {
        using var dir = new TempDir();
        string[] names = ["delta", "Bravo", "alpha", "Echo", "charlie"];
        DatasetFixtures.WriteClassFolders(dir.Path, names, images: 2);
        string[] sorted = ["Bravo", "Echo", "alpha", "charlie", "delta"];

        var data = DatasetReaders.Open(dir.Path, options: new DatasetReadOptions { TrainFraction = fraction });

        Assert.Equal(DatasetKind.ImageFolder, data.Kind);
        Assert.Equal(sorted.Take(trainClasses), data.Train.Images.Select(i => i.ClassName).Distinct());
        Assert.Equal(sorted.Skip(trainClasses), data.Test.Images.Select(i => i.ClassName).Distinct());
        Assert.Equal(Enumerable.Range(1, trainClasses), data.Train.ClassLabels);
        Assert.Equal(2 * trainClasses, data.Train.Count);
        Assert.Equal(Enumerable.Range(1, 10), data.Splits.SelectMany(s => s.Images).Select(i => i.Id));
    }

    [Fact]
    public void NonImagesAndHiddenFoldersAreNotImagesButEmptyClassesAreErrors()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteClassFolders(dir.Path, ["a", "b"], images: 2);
        File.WriteAllText(Path.Combine(dir.Path, "a", "notes.txt"), "x");
        DatasetFixtures.Touch(Path.Combine(dir.Path, "b", "nested", "deep.PNG"));
        DatasetFixtures.Touch(Path.Combine(dir.Path, ".cache", "x.jpg"));

        var data = DatasetReaders.Open(dir.Path);
        Assert.Equal(2, data.Train.Count);
        Assert.Equal(3, data.Test.Count);
        Assert.EndsWith(Path.Combine("b", "nested", "deep.PNG"), data.Test.Images[^1].Path);

        Directory.CreateDirectory(Path.Combine(dir.Path, "c-empty"));
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path, DatasetKind.ImageFolder));
        Assert.Contains("'c-empty'", e.Message);
    }

    [Fact]
    public void FractionOutsideZeroToOneIsRefused()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteClassFolders(dir.Path, ["a", "b"], images: 1);
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path, options: new DatasetReadOptions { TrainFraction = 1.5 }));
        Assert.Contains("1.5", e.Message);
    }
}
