using Mip.Defences.Adversarial;
using Mip.Defences.Pruning;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Tests.Defences;

public sealed class PruningAndHdmTests
{
    private static EmbeddingModel Model()
    {
        var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16, Seed = 2 });
        model.FreezeStages(4);
        model.eval();
        return model;
    }

    [Fact]
    public void Pruning_nothing_reproduces_the_model_and_pruning_equals_masking_the_last_stage_output()
    {
        using var model = Model();
        using var scope = NewDisposeScope();
        var images = rand(3, 3, 64, 64, generator: new Generator(5));
        var prefix = model.ForwardFrozenPrefix(images);
        using var _ = no_grad();
        var pooled = ChannelPruning.PooledFeatures(model, prefix);
        var ranking = ChannelPruning.RankByActivity(pooled);
        Assert.True(ChannelPruning.EmbedPruned(model, pooled, ranking, 0).allclose(model.ForwardFromCache(prefix), rtol: 1e-4, atol: 1e-5));

        int pruned = ChannelPruning.PrunedCount(0.25, (int)pooled.shape[1]);
        var mask = ones(pooled.shape[1]);
        mask.index_fill_(0, tensor(ranking.Take(pruned).Select(i => (long)i).ToArray()), 0);
        var featureMap = model.Backbone.ForwardStages(prefix, model.FrozenStageCount, model.Backbone.StageCount) * mask.view(1, -1, 1, 1);
        Assert.True(ChannelPruning.EmbedPruned(model, pooled, ranking, pruned).allclose(model.Embed(featureMap), rtol: 1e-4, atol: 1e-5));
        // Ranked least active first.
        var means = pooled.mean([0]);
        Assert.True(means[ranking[0]].item<float>() <= means[ranking[^1]].item<float>());
    }

    [Fact]
    public void Fine_tuning_after_pruning_keeps_the_pruned_channels_masked_and_leaves_the_original_untouched()
    {
        using var dir = new TempDir();
        string root = Mip.Data.Synthetic.SyntheticObjectsGenerator.Generate(dir.File("data"),
            new Mip.Data.Synthetic.SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 40 });
        var images = Mip.Data.DatasetReaders.Open(root).Train.Images;
        using var model = Model();
        var before = model.Head.weight!.detach().clone();
        int[] pruned = [0, 3, 7];
        using var tuned = PrunedFineTuning.FineTune(model, pruned, images, new Mip.Learning.Training.TrainerOptions
        {
            Epochs = 2, LearningRate = 1e-3, BatchSize = 4, SamplesPerClass = 2, FrozenStages = 4, ValidationFraction = 0,
        }, dir.File("work"));
        var weight = tuned.Head.weight!.detach();
        foreach (int c in pruned) Assert.Equal(0f, weight[.., c].abs().max().item<float>());
        Assert.False(weight[.., 1].allclose(before[.., 1]), "the unpruned channels were fine-tuned");
        Assert.True(model.Head.weight!.detach().allclose(before), "the original model is unchanged");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    public void A_ratio_outside_zero_to_one_is_refused(double ratio) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelPruning.PrunedCount(ratio, 512));

    [Fact]
    public void Hdm_stays_inside_its_budget_and_moves_the_embedding_more_than_random_noise_of_the_same_size()
    {
        using var model = Model();
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 64, 64, generator: new Generator(9));
        var options = new HdmOptions { Iterations = 5, Seed = 1 };
        var perturbed = HdmPerturbation.Perturb(model, images, options);
        Assert.True((perturbed - images).abs().max().item<float>() <= options.Epsilon + 1e-6);
        Assert.True(perturbed.min().item<float>() >= 0 && perturbed.max().item<float>() <= 1);
        using var _ = no_grad();
        var original = model.forward(images);
        var noise = (images + (rand(images.shape, generator: new Generator(3)) * 2 - 1) * options.Epsilon).clamp(0, 1);
        float moved = (model.forward(perturbed) - original).pow(2).sum().item<float>();
        float random = (model.forward(noise) - original).pow(2).sum().item<float>();
        Assert.True(moved > random, $"HDM moved {moved}, random noise {random}");
    }
}
