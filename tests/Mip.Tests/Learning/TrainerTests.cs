using Mip.Checkpoints;
using Mip.Data;
using Mip.Data.Synthetic;
using Mip.IO;
using Mip.Learning.Distances;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Tests.Learning;

public class TrainerTests
{
    private const int InputSize = 64;

    private static IReadOnlyList<ImageRecord> SyntheticTrain(TempDir dir)
    {
        string root = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 8, ImagesPerClass = 4, ImageSize = 48 });
        return DatasetReaders.Open(root).Train.Images;
    }

    private static EmbeddingModel NewModel() =>
        EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = InputSize, EmbeddingSize = 32, Seed = 4 });

    private static ITrainingObjective NewObjective() =>
        new CleanTripletObjective(new RandomTripletMiner(6), new TripletMarginLoss(new SquaredEuclideanDistance()));

    private static TrainerOptions Options(int epochs) => new()
    {
        Epochs = epochs, BatchSize = 6, SamplesPerClass = 2, FrozenStages = 4, LearningRate = 1e-3, Seed = 9,
        CacheStorage = ScalarType.Float32, ValidationFraction = 0.25,
    };

    [Fact]
    public void CachedAndUncachedTrainingGiveTheSameLosses()
    {
        using var dir = new TempDir();
        var images = new TrainingImages(SyntheticTrain(dir), InputSize);
        var options = Options(1);
        double[] Run(bool cached)
        {
            using var model = NewModel();
            model.FreezeStages(options.FrozenStages);
            using var cache = cached ? new FeatureCache(model, ScalarType.Float32) : null;
            cache?.Add(images, CleanImageVariant.Instance);
            using var session = new TrainingSession(model, NewObjective(), images, options, cache);
            return Enumerable.Range(0, 4).Select(_ => session.Step()).ToArray();
        }
        double[] uncached = Run(false), cached = Run(true);
        Assert.Contains(uncached, l => l > 0);
        for (int i = 0; i < uncached.Length; i++) Assert.Equal(uncached[i], cached[i], 4);
    }

    [Fact]
    public void ResumedRunMatchesAnUninterruptedRunAndKeepsBestAndLast()
    {
        using var dir = new TempDir();
        var train = SyntheticTrain(dir);
        TrainingResult Train(string folder, int epochs, bool resume)
        {
            using var model = NewModel();
            return Trainer.Train(new TrainRequest
            {
                Model = model, Objective = NewObjective(), TrainImages = train, OutputFolder = folder, Options = Options(epochs), Resume = resume,
            });
        }

        var straight = Train(dir.File("straight"), 2, false);
        Train(dir.File("resumed"), 1, false);
        // What a SIGKILL after epoch 1 leaves: only complete files (checkpoints are written atomically).
        Assert.Equal(1, CheckpointFile.ReadMetadata(dir.File("resumed/last.ckpt")).Epoch);
        var resumed = Train(dir.File("resumed"), 2, true);

        Assert.Equal(1, resumed.ResumedFromEpoch);
        Assert.Equal(3, straight.History.Count);
        Assert.Equal(straight.History.Count, resumed.History.Count);
        for (int e = 1; e < 3; e++)
        {
            Assert.Equal(straight.History[e].MeanLoss, resumed.History[e].MeanLoss, 5);
            Assert.Equal(straight.History[e].ValidationRecallAt1, resumed.History[e].ValidationRecallAt1);
        }
        var (a, _) = EmbeddingModelCheckpoint.Load(dir.File("straight/last.ckpt"));
        var (b, checkpoint) = EmbeddingModelCheckpoint.Load(dir.File("resumed/last.ckpt"));
        using (a)
        using (b)
        {
            Assert.Equal("clean", checkpoint.Metadata.Method);
            Assert.Equal(2, checkpoint.Metadata.Epoch);
            Assert.True(a.Head.weight!.allclose(b.Head.weight!, rtol: 1e-4, atol: 1e-6));
        }
        Assert.True(File.Exists(resumed.BestCheckpoint));
        Assert.InRange(resumed.BestEpoch, 0, 2);
        Assert.True(File.Exists(dir.File("resumed/history.csv")));
    }

    [Fact]
    public void KeptEpochCheckpointsHoldEachEpochsWeightsAndAverageIntoOneModel()
    {
        using var dir = new TempDir();
        var train = SyntheticTrain(dir);
        void Train(string folder, bool keep)
        {
            using var model = NewModel();
            Trainer.Train(new TrainRequest
            {
                Model = model, Objective = NewObjective(), TrainImages = train, OutputFolder = folder,
                Options = Options(2) with { KeepEpochCheckpoints = keep },
            });
        }
        Train(dir.File("plain"), keep: false);
        Train(dir.File("kept"), keep: true);

        Assert.Empty(Directory.GetFiles(dir.File("plain"), "epoch-*.ckpt"));
        Assert.Equal(["epoch-001.ckpt", "epoch-002.ckpt"], Directory.GetFiles(dir.File("kept"), "epoch-*.ckpt").Select(Path.GetFileName).Order());
        var (first, firstCheckpoint) = EmbeddingModelCheckpoint.Load(dir.File("kept/epoch-001.ckpt"));
        var (second, _) = EmbeddingModelCheckpoint.Load(dir.File("kept/epoch-002.ckpt"));
        var (last, _) = EmbeddingModelCheckpoint.Load(dir.File("kept/last.ckpt"));
        string averagedPath = dir.File("kept/averaged.ckpt");
        CheckpointAveraging.Average([dir.File("kept/epoch-001.ckpt"), dir.File("kept/epoch-002.ckpt")], averagedPath);
        var (averaged, _) = EmbeddingModelCheckpoint.Load(averagedPath);
        using (first)
        using (second)
        using (last)
        using (averaged)
        {
            Assert.Equal(1, firstCheckpoint.Metadata.Epoch);
            Assert.False(firstCheckpoint.Sections.ContainsKey(Trainer.OptimizerSection));
            Assert.True(second.Head.weight!.eq(last.Head.weight!).all().item<bool>());
            Assert.False(first.Head.weight!.allclose(second.Head.weight!));
            Assert.True(averaged.Head.weight!.allclose((first.Head.weight! + second.Head.weight!) / 2, rtol: 0, atol: 1e-7));
        }
    }

    [Fact]
    public void RefusesToOverwriteARunAndReportsADamagedLastCheckpoint()
    {
        using var dir = new TempDir();
        var train = SyntheticTrain(dir);
        string folder = dir.File("run");
        void Train(bool resume, int epochs = 1)
        {
            using var model = NewModel();
            Trainer.Train(new TrainRequest { Model = model, Objective = NewObjective(), TrainImages = train, OutputFolder = folder, Options = Options(epochs), Resume = resume });
        }
        Assert.Throws<MipInputException>(() => Train(resume: true));
        Train(resume: false);
        var overwrite = Assert.Throws<MipInputException>(() => Train(resume: false));
        Assert.Contains("--resume", overwrite.Message);

        string last = Path.Combine(folder, Trainer.LastCheckpointName);
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(last, bytes[..(bytes.Length / 2)]);
        var damaged = Assert.Throws<CheckpointException>(() => Train(resume: true, epochs: 2));
        Assert.Contains(last, damaged.Message);
    }

    [Fact]
    public void ScalingLearningRatesScalesTheTrunkAndTheHeadFromTheirOwnRates()
    {
        using var dir = new TempDir();
        var images = new TrainingImages(SyntheticTrain(dir), InputSize);
        using var model = NewModel();
        var options = Options(1) with { HeadLearningRate = 1e-2 };
        model.FreezeStages(options.FrozenStages);
        using var session = new TrainingSession(model, NewObjective(), images, options with { CacheFeatures = false }, null);
        Assert.Equal([1e-3, 1e-2], session.BaseLearningRates);
        session.ScaleLearningRates(0.25);
        session.ScaleLearningRates(0.5);
        Assert.Equal([5e-4, 5e-3], session.Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => session.ScaleLearningRates(double.NaN));
    }

    [Fact]
    public void ACosineRunDiffersFromAConstantOneAndResumesOnTheSameCurve()
    {
        using var dir = new TempDir();
        var train = SyntheticTrain(dir);
        var cosine = Options(2) with { Schedule = LearningRateSchedule.Cosine };
        TrainingResult Train(string folder, TrainerOptions options, bool resume = false, CancellationToken cancellation = default, IProgress<TrainingProgress>? progress = null)
        {
            using var model = NewModel();
            return Trainer.Train(new TrainRequest { Model = model, Objective = NewObjective(), TrainImages = train, OutputFolder = folder, Options = options, Resume = resume }, progress, cancellation);
        }

        var constant = Train(dir.File("constant"), Options(2));
        var straight = Train(dir.File("straight"), cosine);
        // The first epochs are alike only up to the first step, where both take the set rate.
        Assert.NotEqual(constant.History[2].MeanLoss, straight.History[2].MeanLoss);

        using var stop = new CancellationTokenSource();
        var stopAfterFirstEpoch = new InlineProgress<TrainingProgress>(p => { if (p.Phase == TrainingPhase.EpochDone && p.Epoch == 1) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => Train(dir.File("resumed"), cosine, cancellation: stop.Token, progress: stopAfterFirstEpoch));
        var resumed = Train(dir.File("resumed"), cosine, resume: true);
        Assert.Equal(1, resumed.ResumedFromEpoch);
        Assert.Equal(straight.History[2].MeanLoss, resumed.History[2].MeanLoss, 5);
        Assert.Equal(straight.History[2].ValidationRecallAt1, resumed.History[2].ValidationRecallAt1);

        // The cosine's horizon is the run's length, so it cannot be stretched on resume as a constant run can.
        var stretched = Assert.Throws<CheckpointException>(() => Train(dir.File("resumed"), cosine with { Epochs = 3 }, resume: true));
        Assert.Contains("epochs=2", stretched.Message);
    }
}
