using Mip.Data.Matlab;
using W = Mip.Tests.Data.Matlab.Mat5Writer;

namespace Mip.Tests.Data.Matlab;

public class MatFileTests
{
    public static TheoryData<bool, bool> Layouts => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    private static MatFile Parse(W writer, bool compress, params byte[][] variables) =>
        MatFile.Parse(writer.File(variables.Select(v => compress ? writer.Compressed(v) : v).ToArray()), "test.mat");

    [Theory]
    [MemberData(nameof(Layouts))]
    public void NumericClassesStoredInAnyTypeWidenToDouble(bool bigEndian, bool compress)
    {
        var w = new W(bigEndian);
        var file = Parse(w, compress,
            w.Numeric(W.MxDouble, W.MiUInt8, [1, 3], "d_as_u8", [0, 7, 255]),
            w.Numeric(W.MxDouble, W.MiDouble, [2, 1], "d", [Math.PI, -0.25]),
            w.Numeric(W.MxSingle, W.MiSingle, [1, 2], "s", [1.5, -2]),
            w.Numeric(W.MxInt8, W.MiInt8, [1, 2], "i8", [-128, 127]),
            w.Numeric(W.MxInt16, W.MiInt16, [1, 3], "i16", [-5, 300, -32768]),
            w.Numeric(W.MxUInt16, W.MiUInt16, [1, 1], "u16", [65535]),
            w.Numeric(W.MxInt32, W.MiInt32, [1, 2], "i32", [-2_000_000_000, 5]),
            w.Numeric(W.MxUInt32, W.MiUInt32, [1, 1], "u32", [4_000_000_000]),
            w.Numeric(W.MxInt64, W.MiInt64, [1, 1], "i64", [-(1L << 40)]),
            w.Numeric(W.MxUInt64, W.MiUInt64, [1, 1], "u64", [1UL << 52]),
            w.Numeric(W.MxDouble, W.MiInt16, [1, 2], "d_as_i16", [-3, 1000]));

        Assert.Equal(["d_as_u8", "d", "s", "i8", "i16", "u16", "i32", "u32", "i64", "u64", "d_as_i16"], file.VariableNames);
        Assert.Equal([0.0, 7, 255], file["d_as_u8"].AsNumeric().Real);
        Assert.Equal(MatClass.Double, file["d_as_u8"].Class);
        Assert.Equal([Math.PI, -0.25], file["d"].AsNumeric().Real);
        Assert.Equal([2, 1], file["d"].Dimensions);
        Assert.Equal([1.5, -2.0], file["s"].AsNumeric().Real);
        Assert.Equal(MatClass.Single, file["s"].Class);
        Assert.Equal([-128.0, 127], file["i8"].AsNumeric().Real);
        Assert.Equal([-5.0, 300, -32768], file["i16"].AsNumeric().Real);
        Assert.Equal(65535, file["u16"].AsNumeric().ToScalar());
        Assert.Equal([-2_000_000_000.0, 5], file["i32"].AsNumeric().Real);
        Assert.Equal(4_000_000_000, file["u32"].AsNumeric().ToScalar());
        Assert.Equal(-(double)(1L << 40), file["i64"].AsNumeric().ToScalar());
        Assert.Equal(MatClass.Int64, file["i64"].Class);
        Assert.Equal((double)(1UL << 52), file["u64"].AsNumeric().ToScalar());
        Assert.Equal([-3.0, 1000], file["d_as_i16"].AsNumeric().Real);
    }

    [Fact]
    public void SmallDataElementsAreRead()
    {
        var w = new W();
        byte[] scalar = w.Scalar(W.MxUInt8, W.MiUInt8, 42, "c");
        // The value element is the last 8 bytes: a small element packs the size 1 in the tag's upper half.
        uint tag = BitConverter.ToUInt32(scalar, scalar.Length - 8);
        Assert.Equal((1u << 16) | W.MiUInt8, tag);
        // The name "c" is also short enough for the small format.
        var file = MatFile.Parse(w.File(scalar, w.Numeric(W.MxInt16, W.MiInt16, [1, 2], "ab", [-1, 2])), "small.mat");
        Assert.Equal(42, file["c"].AsNumeric().ToInt32Scalar());
        Assert.Equal(MatClass.UInt8, file["c"].Class);
        Assert.Equal([-1.0, 2], file["ab"].AsNumeric().Real);
    }

    [Fact]
    public void ComplexAndLogicalFlagsAreRead()
    {
        var w = new W();
        var file = MatFile.Parse(w.File(
            w.Numeric(W.MxDouble, W.MiDouble, [1, 2], "z", [1, 2], imaginary: [-3, 4]),
            w.Numeric(W.MxUInt8, W.MiUInt8, [1, 3], "mask", [1, 0, 1], logical: true)), "flags.mat");
        var z = file["z"].AsNumeric();
        Assert.True(z.IsComplex);
        Assert.Equal([-3.0, 4], z.Imaginary!);
        Assert.False(z.IsLogical);
        var mask = file["mask"].AsNumeric();
        Assert.True(mask.IsLogical);
        Assert.False(mask.IsComplex);
        Assert.Equal([1.0, 0, 1], mask.Real);
        Assert.Throws<MatFileException>(() => z.ToScalar());
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void CharArraysDecodeUtf16AndUtf8InRowOrder(bool bigEndian, bool compress)
    {
        var w = new W(bigEndian);
        var file = Parse(w, compress,
            w.Text("car_ims/000001.jpg", "path"),
            w.Text("Straße", "utf8", W.MiUtf8),
            w.Char("rows", ["abc", "xyz"]),
            w.Char("empty", []));
        Assert.Equal("car_ims/000001.jpg", file["path"].AsChar().Text);
        Assert.Equal([1, 18], file["path"].Dimensions);
        Assert.Equal("Straße", file["utf8"].AsChar().Text);
        var rows = file["rows"].AsChar();
        Assert.Equal(["abc", "xyz"], rows.Rows);
        var e = Assert.Throws<MatFileException>(() => rows.Text);
        Assert.Contains("rows", e.Message);
        Assert.Contains("2x3", e.Message);
        Assert.Equal("", file["empty"].AsChar().Text);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void CellAndStructArraysNestAndKeepTheirLocations(bool bigEndian, bool compress)
    {
        var w = new W(bigEndian);
        byte[] inner = w.Struct("", [1, 1], ["x"], [[w.Scalar(W.MxDouble, W.MiDouble, 2.5)]]);
        byte[] s = w.Struct("s", [1, 2], ["name", "value", "nested"],
        [
            [w.Text("first"), w.Scalar(W.MxDouble, W.MiUInt8, 1), inner],
            [w.Text("second"), w.EmptyMatrix(), w.Cell("", [1, 2], w.Text("a"), w.Text("bc"))],
        ]);
        byte[] cell = w.Cell("c", [2, 1], w.Text("one"), w.Cell("", [1, 1], w.Scalar(W.MxInt32, W.MiInt32, -7)));
        var file = Parse(w, compress, s, cell);

        var st = file["s"].AsStruct();
        Assert.Equal(["name", "value", "nested"], st.FieldNames);
        Assert.Equal(2, st.Count);
        Assert.Equal("second", st.Get(1, "name").AsChar().Text);
        Assert.Equal(1, st.Get(0, "value").AsNumeric().ToInt32Scalar());
        Assert.Equal(2.5, st.Get(0, "nested").AsStruct().Field("x").AsNumeric().ToScalar());
        Assert.Equal("s(1).nested.x", st.Get(0, "nested").AsStruct().Field("x").Location);
        var empty = st.Get(1, "value");
        Assert.Equal(0, empty.Count);
        Assert.Equal("s(2).value", empty.Location);
        Assert.Equal(["a", "bc"], st.Get(1, "nested").AsCell().Elements.Select(e => e.AsChar().Text));

        var c = file["c"].AsCell();
        Assert.Equal([2, 1], c.Dimensions);
        Assert.Equal("one", c[0].AsChar().Text);
        Assert.Equal(-7, c[1].AsCell()[0].AsNumeric().ToInt32Scalar());
        Assert.Equal("c{2}{1}", c[1].AsCell()[0].Location);
    }

    [Fact]
    public void MissingFieldVariableOrWrongKindNamesFileAndPlace()
    {
        var w = new W();
        var file = MatFile.Parse(w.File(
            w.Struct("annotations", [1, 1], ["class"], [[w.Scalar(W.MxUInt8, W.MiUInt8, 3)]]),
            w.Text("hello", "greeting")), "/data/cars_annos.mat");

        var noVariable = Assert.Throws<MatFileException>(() => file["class_names"]);
        Assert.Contains("/data/cars_annos.mat", noVariable.Message);
        Assert.Contains("annotations, greeting", noVariable.Message);

        var noField = Assert.Throws<MatFileException>(() => file["annotations"].AsStruct().Field("relative_im_path"));
        Assert.Contains("relative_im_path", noField.Message);
        Assert.Contains("/data/cars_annos.mat", noField.Message);

        var wrongKind = Assert.Throws<MatFileException>(() => file["annotations"].AsStruct().Field("class").AsChar());
        Assert.Contains("annotations.class", wrongKind.Message);
        Assert.Contains("char", wrongKind.Message);
        Assert.Contains("uint8", wrongKind.Message);
        Assert.Throws<MatFileException>(() => file["greeting"].AsNumeric());
    }

    [Fact]
    public void UnsupportedClassesAreKeptWithoutBlockingOtherVariables()
    {
        var w = new W();
        // A sparse matrix body (ir, jc, pr) that this reader does not decode.
        byte[] sparse = w.Matrix(W.MxSparse, [3, 3], "sp",
            [w.Element(W.MiInt32, w.U32(0)), w.Element(W.MiInt32, [.. w.U32(0), .. w.U32(1), .. w.U32(1), .. w.U32(1)]), w.Element(W.MiDouble, w.Encode(W.MiDouble, [5]))]);
        var file = MatFile.Parse(w.File(sparse, w.Text("after", "t")), "sparse.mat");
        Assert.IsType<MatUnsupportedArray>(file["sp"]);
        Assert.Equal(MatClass.Sparse, file["sp"].Class);
        Assert.Equal("after", file["t"].AsChar().Text);
        Assert.Throws<MatFileException>(() => file["sp"].AsNumeric());
    }

    [Fact]
    public void NonMatFilesAreRefusedWithTheReason()
    {
        var w = new W();
        Assert.Contains("128-byte header", Assert.Throws<MatFileException>(() => MatFile.Parse(new byte[40], "short.mat")).Message);

        byte[] v4 = new byte[200];
        Assert.Contains("endian indicator", Assert.Throws<MatFileException>(() => MatFile.Parse(v4, "v4.mat")).Message);

        byte[] hdf5 = w.Header("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .");
        var e73 = Assert.Throws<MatFileException>(() => MatFile.Parse(hdf5, "v73.mat"));
        Assert.Contains("v7.3", e73.Message);
        Assert.Contains("v73.mat", e73.Message);
    }

    [Fact]
    public void TruncatedAndCorruptFilesAreErrorsNotPartialResults()
    {
        var w = new W();
        byte[] whole = w.File(w.Text("car_ims/000001.jpg", "path"), w.Numeric(W.MxDouble, W.MiDouble, [1, 4], "v", [1, 2, 3, 4]));
        var truncated = Assert.Throws<MatFileException>(() => MatFile.Parse(whole.AsMemory(0, whole.Length - 20), "cut.mat"));
        Assert.Contains("cut.mat", truncated.Message);
        Assert.Contains("truncated", truncated.Message);

        byte[] compressed = w.File(w.Compressed(w.Text("abc", "t")));
        compressed[^3] ^= 0xFF;
        compressed[140] ^= 0xFF;
        var corrupt = Assert.Throws<MatFileException>(() => MatFile.Parse(compressed, "corrupt.mat"));
        Assert.Contains("corrupt.mat", corrupt.Message);

        // Dimensions promise more values than the data element holds.
        byte[] shortData = w.File(w.Matrix(W.MxDouble, [1, 3], "x", [w.Element(W.MiDouble, w.Encode(W.MiDouble, [1, 2]))]));
        Assert.Contains("expected 3", Assert.Throws<MatFileException>(() => MatFile.Parse(shortData, "dims.mat")).Message);
    }

    [Fact]
    public void ReadFromDiskAndMissingFile()
    {
        using var dir = new TempDir();
        var w = new W();
        string path = dir.File("x.mat");
        File.WriteAllBytes(path, w.File(w.Compressed(w.Text("on disk", "t"))));
        var file = MatFile.Read(path);
        Assert.Equal("on disk", file["t"].AsChar().Text);
        Assert.StartsWith("MATLAB 5.0 MAT-file", file.HeaderText);

        var missing = Assert.Throws<MatFileException>(() => MatFile.Read(dir.File("nope.mat")));
        Assert.Contains("nope.mat", missing.Message);
        Assert.Contains("does not exist", missing.Message);
    }
}
