using System.Diagnostics;
using Mip.Checkpoints;
using Mip.Cli;
using Mip.Data.Synthetic;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
public class TrainKillResumeTests
{
    [Fact]
    public void TrainingKilledWithSigkillResumesFromItsLastCheckpoint()
    {
        using var dir = new TempDir();
        string data = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 48 });
        string run = dir.File("run");
        string[] common = ["train", "--data", data, "--method", "clean", "--input-size", "64", "--freeze-stages", "3", "--batch-size", "6",
            "--lr", "1e-4", "--seed", "2", "--out", run];
        string last = Path.Combine(run, "last.ckpt");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mip.dll"));
        foreach (var a in common) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--epochs");
        start.ArgumentList.Add("100000");
        using (var child = Process.Start(start)!)
        {
            child.OutputDataReceived += (_, _) => { };
            child.ErrorDataReceived += (_, _) => { };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(last) && !child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(20);
            Assert.True(File.Exists(last), "the child never wrote its first checkpoint");
            // SIGKILL on Linux: no chance to clean up, possibly in the middle of writing the next checkpoint.
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        int done = CheckpointFile.ReadMetadata(last).Epoch;
        Assert.True(done >= 1);
        Assert.Equal(0, MipApp.Run([.. common, "--epochs", (done + 1).ToString(), "--resume"]));
        Assert.Equal(done + 1, CheckpointFile.ReadMetadata(last).Epoch);
        Assert.True(File.Exists(Path.Combine(run, "best.ckpt")));
        Assert.Empty(Directory.GetFiles(run, "*.tmp*"));
    }
}
