namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public class TriggerTrainCommandTests
{
    [Fact]
    public void NegativeThreadCountIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        string output = dir.File("stego.mipckpt");
        var (code, error) = MipProcess.Run("trigger", "train", "--data", dir.Path, "--threads", "-1", "-o", output);
        Assert.NotEqual(0, code);
        Assert.Contains("--threads", error);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
