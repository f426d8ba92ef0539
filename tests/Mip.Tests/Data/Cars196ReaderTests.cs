using Mip.Data;

namespace Mip.Tests.Data;

public class Cars196ReaderTests
{
    private static readonly int[] ImageClasses = [1, 1, 98, 99, 99, 150, 196, 5];

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void ReadsCarsAnnosMatAndSplitsAt98(bool compressed, bool bigEndian)
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteCarsMat(dir.Path, ImageClasses, compressed, bigEndian: bigEndian);

        Assert.Equal(DatasetKind.Cars196, DatasetReaders.Detect(dir.Path));
        var data = DatasetReaders.Open(dir.Path);

        Assert.Equal(DatasetKind.Cars196, data.Kind);
        Assert.Equal([1, 5, 98], data.Train.ClassLabels);
        Assert.Equal([1, 2, 3, 8], data.Train.Images.Select(i => i.Id));
        Assert.Equal([99, 150, 196], data.Test.ClassLabels);
        Assert.Equal([4, 5, 6, 7], data.Test.Images.Select(i => i.Id));
        var names = DatasetFixtures.CarClassNames();
        var last = data.Test.Images[^1];
        Assert.Equal(196, last.Label);
        Assert.Equal(names[195], last.ClassName);
        Assert.Equal(Path.Combine(dir.Path, "car_ims", "000007.jpg"), last.Path);
    }

    [Fact]
    public void MissingCarImageAndMissingAnnotationsAreNamed()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteCarsMat(dir.Path, ImageClasses, compressed: true);
        string gone = Path.Combine(dir.Path, "car_ims", "000003.jpg");
        File.Delete(gone);
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path, DatasetKind.Cars196));
        Assert.Contains(gone, e.Message);
        Assert.Contains("1 of 8 missing", e.Message);

        File.Delete(Path.Combine(dir.Path, "cars_annos.mat"));
        var noMat = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "cars_annos.mat"), noMat.Message);
    }

    [Fact]
    public void ClassOutsideTheNameListIsAnErrorNamingTheAnnotation()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteCarsMat(dir.Path, [3, 197], compressed: false);
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains("cars_annos.mat", e.Message);
        Assert.Contains("annotations(2).class", e.Message);
        Assert.Contains("197", e.Message);
    }

    [Fact]
    public void MatFileWithoutAnnotationsIsAnError()
    {
        using var dir = new TempDir();
        var w = new Matlab.Mat5Writer();
        Directory.CreateDirectory(Path.Combine(dir.Path, "car_ims"));
        File.WriteAllBytes(Path.Combine(dir.Path, "cars_annos.mat"), w.File(w.Cell("class_names", [1, 1], w.Text("A"))));
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path));
        Assert.Contains("no variable 'annotations'", e.Message);
    }

    [Fact]
    public void FolderPerClassWith196ClassesSplitsBySortedName()
    {
        using var dir = new TempDir();
        // Names whose ordinal order differs from their creation order; "Zeta" sorts before "alpha".
        var names = Enumerable.Range(0, 196).Select(i => i % 2 == 0 ? $"alpha {i:000}" : $"Zeta {i:000}").ToList();
        DatasetFixtures.WriteClassFolders(Path.Combine(dir.Path, "images"), names, images: 1);
        var sorted = names.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(DatasetKind.Cars196, DatasetReaders.Detect(dir.Path));
        var data = DatasetReaders.Open(dir.Path);
        Assert.Equal(98, data.Train.ClassCount);
        Assert.Equal(98, data.Test.ClassCount);
        Assert.Equal(sorted.Take(98), data.Train.Images.Select(i => i.ClassName));
        Assert.All(data.Train.Images, i => Assert.StartsWith("Zeta", i.ClassName));
        Assert.Equal(99, data.Test.Images[0].Label);
        Assert.Equal(sorted[98], data.Test.Images[0].ClassName);
    }

    [Fact]
    public void TrainAndTestClassFoldersAreMergedByClass()
    {
        using var dir = new TempDir();
        var names = Enumerable.Range(1, 196).Select(i => $"Car {i:000}").ToList();
        DatasetFixtures.WriteClassFolders(Path.Combine(dir.Path, "train"), names, images: 2, prefix: "tr");
        DatasetFixtures.WriteClassFolders(Path.Combine(dir.Path, "test"), names, images: 1, prefix: "te");

        var data = DatasetReaders.Open(dir.Path);
        Assert.Equal(DatasetKind.Cars196, data.Kind);
        Assert.Equal(98 * 3, data.Train.Count);
        Assert.Equal(98 * 3, data.Test.Count);
        Assert.Equal(3, data.Train.Images.Count(i => i.Label == 1));
    }

    [Fact]
    public void NumberedClassFoldersMayBeASubset()
    {
        using var dir = new TempDir();
        DatasetFixtures.WriteClassFolders(dir.Path, ["001.AM General", "098.Last train", "099.First test", "196"], images: 2);

        // Four folders do not look like Cars196 to auto-detection, but reading as Cars196 numbers them by prefix.
        Assert.Equal(DatasetKind.ImageFolder, DatasetReaders.Detect(dir.Path));
        var data = DatasetReaders.Open(dir.Path, DatasetKind.Cars196);
        Assert.Equal([1, 98], data.Train.ClassLabels);
        Assert.Equal([99, 196], data.Test.ClassLabels);

        DatasetFixtures.WriteClassFolders(dir.Path, ["Unnumbered"], images: 1);
        var e = Assert.Throws<DatasetException>(() => DatasetReaders.Open(dir.Path, DatasetKind.Cars196));
        Assert.Contains("found 5 class folders", e.Message);
    }
}
