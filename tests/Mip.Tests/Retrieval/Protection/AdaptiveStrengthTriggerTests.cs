using Mip.Images;
using Mip.Models;
using Mip.Retrieval;
using Mip.Retrieval.Protection;
using Mip.Runtime;
using Mip.Tests.Images;
using Mip.Triggers;
using static TorchSharp.torch;

namespace Mip.Tests.Retrieval.Protection;

public sealed class AdaptiveStrengthTriggerTests : IDisposable
{
    private readonly EmbeddingModel _model;
    private readonly EmbeddingShift _shift;

    public AdaptiveStrengthTriggerTests()
    {
        TorchRuntime.EnsureLoaded();
        _model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16 });
        _shift = new EmbeddingShift(new ImageVectorizer(_model), "test-model");
    }

    public void Dispose() => _model.Dispose();

    /// <summary>A stand-in trigger: <c>keep</c> returns the image unchanged, <c>invert</c> its negative.</summary>
    private sealed class FixedTrigger(string id) : ITrigger
    {
        public string Id => id;
        public Tensor Apply(Tensor batch) => id == "keep" ? batch.clone() : 1 - batch;
        public RgbImage Apply(RgbImage image) => ImageTensors.FromTensor(Apply(ImageTensors.ToTensor(image)));
    }

    private static RgbImage Photo => ImageFixtures.SmoothScene(80, 80);

    [Fact]
    public void The_shift_is_zero_for_the_photo_itself_and_positive_for_a_changed_copy()
    {
        var photo = Photo;
        var shifts = _shift.Measure([photo, photo], [photo, new FixedTrigger("invert").Apply(photo)]);
        Assert.Equal(0, shifts[0], 6);
        Assert.InRange(shifts[1], 1e-4, 4 + 1e-6);
        Assert.Throws<ArgumentException>(() => _shift.Measure([photo], []));
    }

    [Fact]
    public void Each_photo_gets_the_first_rung_that_moves_it_enough_or_the_last()
    {
        var photo = Photo;
        var keepThenInvert = new AdaptiveStrengthTrigger([new FixedTrigger("keep"), new FixedTrigger("invert")], _shift, 1e-4);
        var fromLadder = keepThenInvert.Apply(photo);
        Assert.Equal(new FixedTrigger("invert").Apply(photo).Pixels, fromLadder.Pixels);
        Assert.Equal([0L, 1L], keepThenInvert.RungCounts);

        var invertFirst = new AdaptiveStrengthTrigger([new FixedTrigger("invert"), new FixedTrigger("keep")], _shift, 1e-4);
        Assert.Equal("invert", invertFirst.Mark(photo).Used.Id);
        Assert.Equal([1L, 0L], invertFirst.RungCounts);

        // No rung reaches a shift of 4 (the antipode): the strongest is used.
        var unreachable = new AdaptiveStrengthTrigger([new FixedTrigger("invert"), new FixedTrigger("keep")], _shift, 4);
        var (kept, used) = unreachable.Mark(photo);
        Assert.Equal(photo.Pixels, kept.Pixels);
        Assert.Equal("keep", used.Id);
        Assert.Equal([0L, 1L], unreachable.RungCounts);
    }

    [Fact]
    public void The_id_names_the_minimum_the_model_and_every_rung_and_batches_follow_the_images()
    {
        var trigger = new AdaptiveStrengthTrigger([new FixedTrigger("keep"), new FixedTrigger("invert")], _shift, 0.25);
        Assert.Equal("adaptive:min-shift=0.25:model=test-model:ladder=keep|invert", trigger.Id);

        var batch = ImageTensors.ToBatch([Photo, Photo]);
        var marked = trigger.Apply(batch);
        Assert.True(marked.allclose(1 - batch, atol: 1e-6));
        Assert.Equal([0L, 2L], trigger.RungCounts);

        Assert.Throws<ArgumentException>(() => new AdaptiveStrengthTrigger([], _shift, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveStrengthTrigger([new FixedTrigger("keep")], _shift, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveStrengthTrigger([new FixedTrigger("keep")], _shift, double.NaN));
    }

    [Fact]
    public void The_services_protect_action_names_the_rung_it_used()
    {
        var photo = Photo;
        var protector = new Mip.Service.Protection.TriggerProtector(
            new AdaptiveStrengthTrigger([new FixedTrigger("keep"), new FixedTrigger("invert")], _shift, 1e-4));
        var result = protector.Protect(photo);
        Assert.Equal("invert", result.TriggerId);
        Assert.Equal(new FixedTrigger("invert").Apply(photo).Pixels, result.Image.Pixels);
        Assert.Equal("keep", new Mip.Service.Protection.TriggerProtector(new FixedTrigger("keep")).Protect(photo).TriggerId);
    }
}
