using Mip.IO;

namespace Mip.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void FailedWriteLeavesPreviousContentAndNoTemporaryFile()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "out.bin");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void MissingFolderIsNamedInTheError()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "nope", "out.bin");
        var e = Assert.Throws<MipInputException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.Contains("nope", e.Message);
    }
}
