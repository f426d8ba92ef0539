using Mip.Tests.Data.Matlab;

namespace Mip.Tests.Data;

/// <summary>Writes tiny data sets in the real on-disk layouts of the supported formats (image files are stub bytes).</summary>
internal static class DatasetFixtures
{
    private static readonly byte[] StubJpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9];

    /// <summary>Creates a stub image file (and its folders) at <paramref name="path"/>.</summary>
    public static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, StubJpeg);
    }

    public static string CubClassName(int classId) => $"{classId:000}.Bird_{classId}";

    /// <summary>
    /// CUB_200_2011 at <paramref name="cubFolder"/>: classes.txt, images.txt, image_class_labels.txt,
    /// train_test_split.txt and images/NNN.Name/*.jpg; image ids run 1.. in class order.
    /// </summary>
    public static void WriteCub(string cubFolder, IReadOnlyList<(int ClassId, int Images)> classes)
    {
        Directory.CreateDirectory(cubFolder);
        var classLines = new List<string>();
        var imageLines = new List<string>();
        var labelLines = new List<string>();
        var splitLines = new List<string>();
        int id = 0;
        foreach (var (classId, count) in classes)
        {
            string name = CubClassName(classId);
            classLines.Add($"{classId} {name}");
            for (int i = 0; i < count; i++)
            {
                id++;
                string relative = $"{name}/Bird_{classId}_{i:0000}.jpg";
                imageLines.Add($"{id} {relative}");
                labelLines.Add($"{id} {classId}");
                splitLines.Add($"{id} {i % 2}");
                Touch(Path.Combine(cubFolder, "images", relative));
            }
        }
        File.WriteAllLines(Path.Combine(cubFolder, "classes.txt"), classLines);
        File.WriteAllLines(Path.Combine(cubFolder, "images.txt"), imageLines);
        File.WriteAllLines(Path.Combine(cubFolder, "image_class_labels.txt"), labelLines);
        File.WriteAllLines(Path.Combine(cubFolder, "train_test_split.txt"), splitLines);
    }

    /// <summary>
    /// Stanford_Online_Products at <paramref name="root"/>: Ebay_train.txt / Ebay_test.txt with the official header,
    /// image ids restarting at 1 in each file, images under &lt;super_class&gt;_final/.
    /// </summary>
    public static void WriteSop(string root, IReadOnlyList<(int ClassId, int SuperClass, int Images)> train,
        IReadOnlyList<(int ClassId, int SuperClass, int Images)> test)
    {
        string[] superNames = ["bicycle", "cabinet", "chair", "coffee_maker", "fan", "kettle", "lamp", "mug", "sofa", "stapler", "table", "toaster"];
        Directory.CreateDirectory(root);
        void Write(string file, IReadOnlyList<(int ClassId, int SuperClass, int Images)> classes)
        {
            var lines = new List<string> { "image_id class_id super_class_id path" };
            int id = 0;
            foreach (var (classId, superClass, count) in classes)
            {
                for (int i = 0; i < count; i++)
                {
                    string relative = $"{superNames[superClass - 1]}_final/{100000 + classId}_{i}.JPG";
                    lines.Add($"{++id} {classId} {superClass} {relative}");
                    Touch(Path.Combine(root, relative));
                }
            }
            File.WriteAllLines(Path.Combine(root, file), lines);
        }
        Write("Ebay_train.txt", train);
        Write("Ebay_test.txt", test);
        File.WriteAllLines(Path.Combine(root, "Ebay_info.txt"), ["image_id class_id super_class_id path"]);
    }

    /// <summary>
    /// In-Shop at <paramref name="root"/>: list_eval_partition.txt with the count line and the column-name line, then
    /// "img/.../id_NNNNNNNN/NN_N_front.jpg id_NNNNNNNN status" lines padded like the official file; images under img/.
    /// </summary>
    public static void WriteInShop(string root, IReadOnlyList<(int Item, string Status, int Images)> items, string listFolder = "")
    {
        var lines = new List<string>();
        foreach (var (item, status, count) in items)
        {
            for (int i = 0; i < count; i++)
            {
                string relative = $"img/WOMEN/Dresses/id_{item:00000000}/{i + 1:00}_{i % 4 + 1}_front.jpg";
                lines.Add($"{relative,-67}id_{item:00000000} {status}");
                Touch(Path.Combine(root, relative));
            }
        }
        string folder = Path.Combine(root, listFolder);
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "list_eval_partition.txt"),
            [lines.Count.ToString(), "image_name item_id evaluation_status", .. lines]);
    }

    /// <summary>The official Cars196 class-name list shape: 196 names.</summary>
    public static string[] CarClassNames() => Enumerable.Range(1, 196).Select(c => $"Make{c} Model {2000 + c % 13}").ToArray();

    /// <summary>
    /// Cars196 at <paramref name="root"/>: car_ims/NNNNNN.jpg and cars_annos.mat laid out like the official file: a
    /// 1xN struct array <c>annotations</c> (relative_im_path char, bbox_x1..bbox_y2 uint16, class uint8, test uint8)
    /// and a 1x196 cell array <c>class_names</c>; each variable optionally compressed.
    /// </summary>
    public static void WriteCarsMat(string root, IReadOnlyList<int> imageClasses, bool compressed, string[]? classNames = null,
        bool bigEndian = false, bool createImages = true)
    {
        classNames ??= CarClassNames();
        var w = new Mat5Writer(bigEndian);
        string[] fields = ["relative_im_path", "bbox_x1", "bbox_y1", "bbox_x2", "bbox_y2", "class", "test"];
        var values = new byte[imageClasses.Count][][];
        for (int i = 0; i < imageClasses.Count; i++)
        {
            string relative = $"car_ims/{i + 1:000000}.jpg";
            values[i] =
            [
                w.Text(relative),
                w.Scalar(Mat5Writer.MxUInt16, Mat5Writer.MiUInt16, 10 + i),
                w.Scalar(Mat5Writer.MxUInt8, Mat5Writer.MiUInt8, 20),
                w.Scalar(Mat5Writer.MxUInt16, Mat5Writer.MiUInt16, 300 + i),
                w.Scalar(Mat5Writer.MxUInt16, Mat5Writer.MiUInt16, 250),
                w.Scalar(Mat5Writer.MxUInt8, Mat5Writer.MiUInt8, imageClasses[i]),
                w.Scalar(Mat5Writer.MxUInt8, Mat5Writer.MiUInt8, i % 2),
            ];
            if (createImages) Touch(Path.Combine(root, relative));
        }
        byte[] annotations = w.Struct("annotations", [1, imageClasses.Count], fields, values);
        byte[] names = w.Cell("class_names", [1, classNames.Length], classNames.Select(n => w.Text(n)).ToArray());
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "cars_annos.mat"), compressed
            ? w.File(w.Compressed(annotations), w.Compressed(names))
            : w.File(annotations, names));
    }

    /// <summary>One folder per class under <paramref name="parent"/>, each with <paramref name="images"/> stub images.</summary>
    public static void WriteClassFolders(string parent, IEnumerable<string> classNames, int images, string prefix = "img")
    {
        foreach (string name in classNames)
            for (int i = 0; i < images; i++) Touch(Path.Combine(parent, name, $"{prefix}_{i:000}.jpg"));
    }
}
