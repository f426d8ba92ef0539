using System.Globalization;
using Mip.Data.Matlab;

namespace Mip.Data;

/// <summary>
/// Reads Stanford Cars (Cars196) in one of two layouts, split as in metric learning: classes 1-98 train, 99-196 test.
/// <list type="bullet">
/// <item>The official one: <c>cars_annos.mat</c> (struct array <c>annotations</c> with <c>relative_im_path</c> and
/// <c>class</c>; cell array <c>class_names</c>) beside <c>car_ims/</c>. Image ids are annotation numbers.</item>
/// <item>One folder per class, directly under the root, under <c>images/</c>, or under both <c>train/</c> and
/// <c>test/</c> (merged by folder name). Class ids are the folders' leading numbers when every folder name starts with
/// one (e.g. <c>001</c>, <c>042.Audi</c>), which allows a subset of classes; otherwise there must be exactly 196
/// folders, numbered 1-196 in ordinal name order (what common metric-learning code does; note that this order is not
/// the official class order, so the two halves are not the official halves).</item>
/// </list>
/// Auto-detection takes the folder layout only when it has exactly 196 class folders.
/// </summary>
public sealed class Cars196Reader : IDatasetReader
{
    /// <summary>The highest class id of the training split.</summary>
    public const int LastTrainClass = 98;

    /// <summary>The number of classes of the full data set.</summary>
    public const int ClassTotal = 196;

    private const string DisplayName = "Cars196";
    private const string AnnotationsFile = "cars_annos.mat";
    private const string ImageFolder = "car_ims";

    /// <inheritdoc/>
    public DatasetKind Kind => DatasetKind.Cars196;

    /// <inheritdoc/>
    public bool CanRead(string root)
    {
        if (File.Exists(Path.Combine(root, AnnotationsFile)) || Directory.Exists(Path.Combine(root, ImageFolder))) return true;
        try
        {
            var parents = ClassParents(root);
            return parents.SelectMany(p => Directory.EnumerateDirectories(p))
                .Select(Path.GetFileName)
                .Where(n => n is not null && !n.StartsWith('.'))
                .Distinct(StringComparer.Ordinal)
                .Count() == ClassTotal;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public Dataset Read(string root, DatasetReadOptions options)
    {
        string folder = Path.GetFullPath(root);
        string description = $"{DisplayName} at '{folder}'";
        string annotations = Path.Combine(folder, AnnotationsFile);
        if (File.Exists(annotations) || Directory.Exists(Path.Combine(folder, ImageFolder)))
        {
            ImageFiles.RequireFiles(description, annotations);
            return Split(folder, ReadAnnotations(description, folder, annotations, options));
        }
        return Split(folder, ReadClassFolders(description, folder));
    }

    private Dataset Split(string folder, List<ImageRecord> records) => new(Kind, DisplayName, folder,
    [
        new DatasetSplit(DatasetSplit.TrainName, records.Where(r => r.Label <= LastTrainClass)),
        new DatasetSplit(DatasetSplit.TestName, records.Where(r => r.Label > LastTrainClass)),
    ]);

    private static List<ImageRecord> ReadAnnotations(string description, string folder, string path, DatasetReadOptions options)
    {
        var records = new List<ImageRecord>();
        try
        {
            var mat = MatFile.Read(path);
            var annotations = mat["annotations"].AsStruct();
            var classNames = mat["class_names"].AsCell().Elements.Select(e => e.AsChar().Text).ToArray();
            for (int i = 0; i < annotations.Count; i++)
            {
                string relative = annotations.Get(i, "relative_im_path").AsChar().Text;
                var classField = annotations.Get(i, "class").AsNumeric();
                int label = classField.ToInt32Scalar();
                if (label < 1 || label > classNames.Length)
                    throw classField.Error($"class {label} is outside 1..{classNames.Length} (the entries of class_names).");
                if (Path.IsPathRooted(relative))
                    throw annotations.Get(i, "relative_im_path").Error($"the image path '{relative}' should be relative.");
                records.Add(new ImageRecord(i + 1, Path.GetFullPath(Path.Combine(folder, relative)), label, classNames[label - 1]));
            }
        }
        catch (MatFileException e)
        {
            throw new DatasetException($"{description}: {e.Message}", e);
        }
        ImageFiles.VerifyExist(description, records, options);
        return records;
    }

    private static List<ImageRecord> ReadClassFolders(string description, string folder)
    {
        var classes = ClassFolder.Scan(description, ClassParents(folder));
        int[] ids = ClassIds(description, classes);
        var records = new List<ImageRecord>();
        for (int c = 0; c < classes.Count; c++)
        {
            foreach (string image in classes[c].Images)
                records.Add(new ImageRecord(records.Count + 1, image, ids[c], classes[c].Name));
        }
        return records;
    }

    /// <summary>Class ids from leading numbers in the folder names if all have one, else from sorted order.</summary>
    private static int[] ClassIds(string description, IReadOnlyList<ClassFolder> classes)
    {
        var leading = classes.Select(c => LeadingNumber(c.Name)).ToArray();
        if (leading.All(n => n is not null))
        {
            var ids = leading.Select(n => n!.Value).ToArray();
            var bad = classes.Where((c, i) => ids[i] < 1 || ids[i] > ClassTotal).Select(c => c.Name).ToList();
            if (bad.Count > 0)
                throw DatasetException.WithList($"{description}: class folder numbers must be 1-{ClassTotal}; these are not", bad);
            var clash = ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
            if (clash is not null)
                throw DatasetException.WithList($"{description}: several class folders have the number {clash.Key}",
                    classes.Where((c, i) => ids[i] == clash.Key).Select(c => c.Name).ToList());
            return ids;
        }
        if (classes.Count != ClassTotal)
            throw new DatasetException(
                $"{description}: found {classes.Count} class folders; a folder-per-class Cars196 needs exactly {ClassTotal} " +
                "(or folder names that start with their class number, e.g. '001').");
        return Enumerable.Range(1, classes.Count).ToArray();
    }

    private static int? LeadingNumber(string name)
    {
        int digits = 0;
        while (digits < name.Length && char.IsAsciiDigit(name[digits])) digits++;
        if (digits == 0 || digits > 9) return null;
        return int.Parse(name.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The folders whose subfolders are the classes: train/ and test/, images/, or the root itself.</summary>
    private static string[] ClassParents(string root)
    {
        string train = Path.Combine(root, "train"), test = Path.Combine(root, "test"), images = Path.Combine(root, "images");
        if (Directory.Exists(train) && Directory.Exists(test)) return [train, test];
        if (Directory.Exists(images)) return [images];
        return [root];
    }
}
