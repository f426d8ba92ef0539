using Mip.Data;

namespace Mip.Tests.Data;

public class Cub200ReaderTests
{
    private static readonly (int, int)[] Classes = [(1, 3), (50, 2), (100, 4), (101, 1), (150, 2), (200, 3)];

    private static string WriteFixture(TempDir dir)
    {
        string cub = Path.Combine(dir.Path, "CUB_200_2011");
        DatasetFixtures.WriteCub(cub, Classes);
        return cub;
    }

    [Fact]
    public void ClassesUpToHundredTrainTheRestTest()
    {
        using var dir = new TempDir();
        string cub = WriteFixture(dir);

        var data = new Cub200Reader().Read(cub, DatasetReadOptions.Default);

        Assert.Equal(DatasetKind.Cub200, data.Kind);
        Assert.Equal(Path.GetFullPath(cub), data.Root);
        Assert.Equal(["train", "test"], data.Splits.Select(s => s.Name));
        Assert.Equal([1, 50, 100], data.Train.ClassLabels);
        Assert.Equal(9, data.Train.Count);
        Assert.Equal([101, 150, 200], data.Test.ClassLabels);
        Assert.Equal(6, data.Test.Count);
        Assert.Equal(data.Train.Images.Select(i => i.Label), data.Train.Labels);
        Assert.Equal(Enumerable.Range(1, 9), data.Train.Images.Select(i => i.Id));
        Assert.Equal(Enumerable.Range(10, 6), data.Test.Images.Select(i => i.Id));

        var first = data.Test.Images[0];
        Assert.Equal(101, first.Label);
        Assert.Equal("101.Bird_101", first.ClassName);
        Assert.True(Path.IsPathRooted(first.Path));
        Assert.Equal(Path.Combine(cub, "images", "101.Bird_101", "Bird_101_0000.jpg"), first.Path);
        Assert.All(data.Splits.SelectMany(s => s.Images), i => Assert.True(File.Exists(i.Path)));
    }

    [Fact]
    public void OpensTheParentOfCub2002011AndDetectsIt()
    {
        using var dir = new TempDir();
        string cub = WriteFixture(dir);

        Assert.Equal(DatasetKind.Cub200, DatasetReaders.Detect(dir.Path));
        var data = DatasetReaders.Open(dir.Path);
        Assert.Equal(DatasetKind.Cub200, data.Kind);
        Assert.Equal(Path.GetFullPath(cub), data.Root);
        Assert.Equal(15, data.Splits.Sum(s => s.Count));
    }

    [Fact]
    public void MissingImagesAreListedWithTheirCount()
    {
        using var dir = new TempDir();
        string cub = WriteFixture(dir);
        var all = new Cub200Reader().Read(cub, DatasetReadOptions.Default).Splits.SelectMany(s => s.Images).ToList();
        var gone = all.Where((_, i) => i % 2 == 0).Select(i => i.Path).ToList(); // 8 of 15
        gone.ForEach(File.Delete);

        var e = Assert.Throws<DatasetException>(() => new Cub200Reader().Read(cub, DatasetReadOptions.Default));
        Assert.Contains("8 of 15 missing", e.Message);
        foreach (string path in gone.Take(5)) Assert.Contains(path, e.Message);
        Assert.DoesNotContain(gone[5], e.Message);
        Assert.Contains("3 more", e.Message);

        var unverified = new Cub200Reader().Read(cub, new DatasetReadOptions { VerifyFiles = false });
        Assert.Equal(15, unverified.Splits.Sum(s => s.Count));
    }

    [Fact]
    public void MissingIndexFilesAreAllNamed()
    {
        using var dir = new TempDir();
        string cub = WriteFixture(dir);
        File.Delete(Path.Combine(cub, "classes.txt"));
        File.Delete(Path.Combine(cub, "image_class_labels.txt"));

        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(cub));
        Assert.Contains(Path.Combine(cub, "classes.txt"), e.Message);
        Assert.Contains(Path.Combine(cub, "image_class_labels.txt"), e.Message);
        Assert.DoesNotContain(Path.Combine(cub, "images.txt"), e.Message);
    }

    [Theory]
    [InlineData("images.txt", 3, "x 001.Bird_1/a.jpg", "image id 'x'")]
    [InlineData("images.txt", 2, "7", "expected")]
    [InlineData("image_class_labels.txt", 4, "4 0", "class id '0'")]
    [InlineData("image_class_labels.txt", 5, "5 77", "class id 77 is not in")]
    [InlineData("classes.txt", 2, "1 001.Duplicate", "appears twice")]
    public void MalformedLinesNameFileAndLine(string file, int line, string replacement, string problem)
    {
        using var dir = new TempDir();
        string cub = WriteFixture(dir);
        string path = Path.Combine(cub, file);
        var lines = File.ReadAllLines(path);
        lines[line - 1] = replacement;
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<DatasetException>(() => new Cub200Reader().Read(cub, DatasetReadOptions.Default));
        Assert.Contains($"'{path}' line {line}", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ImagesWithoutLabelsAreAnErrorNotDropped()
    {
        using var dir = new TempDir();
        string cub = WriteFixture(dir);
        string labels = Path.Combine(cub, "image_class_labels.txt");
        File.WriteAllLines(labels, File.ReadAllLines(labels).Where(l => !l.StartsWith("4 ") && !l.StartsWith("12 ")));

        var e = Assert.Throws<DatasetException>(() => new Cub200Reader().Read(cub, DatasetReadOptions.Default));
        Assert.Contains("no class for 2 images", e.Message);
        Assert.Contains("'4 (line 4)'", e.Message);
        Assert.Contains("'12 (line 12)'", e.Message);
    }
}
