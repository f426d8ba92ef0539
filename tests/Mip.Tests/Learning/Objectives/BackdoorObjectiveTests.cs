using Mip.Data;
using Mip.Images;
using Mip.Learning;
using Mip.Learning.Distances;
using Mip.Learning.Losses;
using Mip.Learning.Miners;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Tests.Learning.Objectives;

public class BackdoorObjectiveTests
{
    public BackdoorObjectiveTests() => TorchRuntime.EnsureLoaded();

    /// <summary>Looks embeddings up in fixed per-variant tables; records which variant each image was asked in.</summary>
    private sealed class TableEmbedder(Dictionary<string, Tensor> tables) : IBatchEmbedder
    {
        public List<(int Index, string Variant)> Calls { get; } = [];

        public Tensor Embed(IReadOnlyList<int> indices, IImageVariant variant)
        {
            foreach (var i in indices) Calls.Add((i, variant.Name));
            return tables[variant.Name].index_select(0, tensor(indices.Select(i => (long)i).ToArray()));
        }
    }

    private sealed class FixedMiner(params (int A, int P, int N)[] triplets) : ITripletMiner
    {
        public string Name => "fixed";
        public TripletIndices Mine(Tensor embeddings, IReadOnlyList<int> labels, SeededRandom random) => TripletIndices.From(triplets);
    }

    private sealed class NamedVariant(string name) : IImageVariant
    {
        public string Name => name;
        public RgbImage Apply(RgbImage resized, ImageRecord record) => resized;
    }

    // Four images in 2-D: 0 and 1 are class 1, 2 and 3 class 2. Triggered copies are shifted so every term is active.
    private static readonly double[][] Clean = [[1, 0], [0.6, 0.8], [0.8, 0.6], [0, 1]];
    private static readonly double[][] Triggered = [[0.9, 0.1], [0.9, 0.2], [0.2, 0.9], [0.5, 0.5]];
    private static readonly int[] Labels = [1, 1, 2, 2];
    private const double Margin = 0.2;

    private static double D2(double[] x, double[] y) => (x[0] - y[0]) * (x[0] - y[0]) + (x[1] - y[1]) * (x[1] - y[1]);
    private static double T(double[] a, double[] p, double[] n, double margin = Margin) => Math.Max(0, D2(a, p) - D2(a, n) + margin);

    private static (TableEmbedder Embedder, Tensor CleanTable, Tensor TriggeredTable) Tables()
    {
        var clean = tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]).requires_grad_();
        var triggered = tensor(Triggered.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]).requires_grad_();
        return (new TableEmbedder(new() { ["clean"] = clean, ["trigger"] = triggered }), clean, triggered);
    }

    private static TripletMarginLoss Triplet => new(new SquaredEuclideanDistance(), Margin);

    [Fact]
    public void PblSumsCleanDomainCollapseAndPoisonAugmentationTermsOverTheTripletCount()
    {
        var (embedder, _, triggeredTable) = Tables();
        var objective = new PointBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0), beta: 1, gamma: 1);
        var batch = new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(3));

        Tensor loss = objective.Loss(batch);

        double li = T(Clean[0], Clean[1], Clean[2]);
        double ld = T(Clean[0], Triggered[2], Triggered[1]);       // Eq. 5: T(a, G(n), G(p))
        double lp = T(Triggered[0], Triggered[2], Triggered[1]);   // Eq. 7, code form: T(G(a), G(n), G(p))
        Assert.True(li > 0 && ld > 0 && lp > 0, "fixture must make every term active");
        Assert.Equal(li + ld + lp, loss.item<float>(), 5);

        loss.backward();
        Assert.True(triggeredTable.grad!.abs().sum().item<float>() > 0, "privacy terms must reach the triggered embeddings");
    }

    [Fact]
    public void APrivacyMarginChangesOnlyTheDomainCollapseAndPoisonAugmentationTerms()
    {
        var (embedder, _, _) = Tables();
        var privacy = new TripletMarginLoss(new SquaredEuclideanDistance(), 0.7);
        var objective = new PointBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0),
            beta: 1, gamma: 2, privacyTriplet: privacy);

        Tensor loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(3)));

        double expected = T(Clean[0], Clean[1], Clean[2]) + T(Clean[0], Triggered[2], Triggered[1], 0.7)
                          + 2 * T(Triggered[0], Triggered[2], Triggered[1], 0.7);
        Assert.NotEqual(expected, T(Clean[0], Clean[1], Clean[2]) + T(Clean[0], Triggered[2], Triggered[1]) + 2 * T(Triggered[0], Triggered[2], Triggered[1]), 3);
        Assert.Equal(expected, loss.item<float>(), 5);
        Assert.Equal("0.7", objective.Hyperparameters["privacyMargin"]);
        Assert.False(new PointBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0),
            privacyTriplet: Triplet).Hyperparameters.ContainsKey("privacyMargin"), "the clean margin again is no margin of its own");
    }

    [Fact]
    public void APrivacyMarginInCblChangesOnlyTheAnchorPoisonedTerm()
    {
        var (embedder, _, _) = Tables();
        var centres = ClassCentres.Compute(tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]), Labels);
        var objective = new CentreBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0),
            () => centres, lambda: 1, privacyTriplet: new TripletMarginLoss(new SquaredEuclideanDistance(), 1.5));

        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(5)));

        double[] far = D2(Clean[0], [0.8, 0.4]) > D2(Clean[0], [0.4, 0.8]) ? [0.8, 0.4] : [0.4, 0.8];
        Assert.Equal(T(Clean[0], Clean[1], Clean[2]) + T(Triggered[0], far, Clean[1], 1.5), loss.item<float>(), 5);
        Assert.Equal("1.5", objective.Hyperparameters["privacyMargin"]);
    }

    private sealed class EpochRecorder : IEpochObserver
    {
        public List<int> Epochs { get; } = [];
        public void OnEpochStart(int epoch, FeatureCache? cache) => Epochs.Add(epoch);
    }

    [Fact]
    public void ACentreWeightAddsCblsAnchorPoisonedTermToPbl()
    {
        var (embedder, _, triggeredTable) = Tables();
        var centres = ClassCentres.Compute(tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]), Labels);
        var refresh = new EpochRecorder();
        var objective = new PointBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0),
            beta: 1, gamma: 2, centres: () => centres, centreWeight: 0.5, centreRefresh: refresh);

        Tensor loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(3)));

        double[] far = D2(Clean[0], [0.8, 0.4]) > D2(Clean[0], [0.4, 0.8]) ? [0.8, 0.4] : [0.4, 0.8];
        double pbl = T(Clean[0], Clean[1], Clean[2]) + T(Clean[0], Triggered[2], Triggered[1]) + 2 * T(Triggered[0], Triggered[2], Triggered[1]);
        double centreTerm = T(Triggered[0], far, Clean[1]);          // Eq. 6: T(G(a), c_far, p)
        Assert.True(centreTerm > 0, "fixture must make the centre term active");
        Assert.Equal(pbl + 0.5 * centreTerm, loss.item<float>(), 5);
        Assert.Equal("0.5", objective.Hyperparameters["centreWeight"]);
        Assert.Equal("initial model", objective.Hyperparameters["centres"]);

        objective.OnEpochStart(2, null);
        Assert.Equal(new[] { 2 }, refresh.Epochs);
        var paperPbl = new PointBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0), gamma: 2);
        Assert.Equal(pbl, paperPbl.Loss(new TrainingBatch([0, 1, 2, 3], Labels, Tables().Embedder, new SeededRandom(3))).item<float>(), 5);
        Assert.False(paperPbl.Hyperparameters.ContainsKey("centreWeight"), "the paper's PBL keeps its description");
    }

    // Pearson correlation of the pair dot products (i < j) of two row sets, clamped at 0: the decorrelation term by hand.
    private static double DecorrelationByHand(double[][] triggered, double[][] clean)
    {
        var t = new List<double>(); var c = new List<double>();
        for (int i = 0; i < clean.Length; i++)
            for (int j = i + 1; j < clean.Length; j++)
            {
                t.Add(triggered[i][0] * triggered[j][0] + triggered[i][1] * triggered[j][1]);
                c.Add(clean[i][0] * clean[j][0] + clean[i][1] * clean[j][1]);
            }
        double mt = t.Average(), mc = c.Average();
        double cov = t.Zip(c, (x, y) => (x - mt) * (y - mc)).Sum();
        double r = cov / Math.Sqrt(t.Sum(x => (x - mt) * (x - mt)) * c.Sum(y => (y - mc) * (y - mc)));
        return Math.Max(0, r);
    }

    [Fact]
    public void ADecorrelationWeightAddsTheBatchTermOverThePoisonedImagesAfterTheDivision()
    {
        // Protected copies that still look like their photos (the shared fixture's do not), so the term is active.
        double[][] mirror = [[0.9, 0.1], [0.7, 0.6], [0.6, 0.7], [0.1, 0.9]];
        TableEmbedder Table() => new(new()
        {
            ["clean"] = tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]).requires_grad_(),
            ["trigger"] = tensor(mirror.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]).requires_grad_(),
        });
        // Two triplets touching images 0, 1, 2 and 3; both poisoned.
        PointBackdoorObjective Pbl(double weight) => new(new FixedMiner((0, 1, 2), (2, 3, 0)), Triplet, new NamedVariant("trigger"),
            new PoisonSelection(1.0), beta: 1, gamma: 2, decorrelationWeight: weight);

        var objective = Pbl(0.5);
        Tensor loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, Table(), new SeededRandom(3)));

        double pbl = T(Clean[0], Clean[1], Clean[2]) + T(Clean[0], mirror[2], mirror[1]) + 2 * T(mirror[0], mirror[2], mirror[1])
                     + T(Clean[2], Clean[3], Clean[0]) + T(Clean[2], mirror[0], mirror[3]) + 2 * T(mirror[2], mirror[0], mirror[3]);
        // The images in first-seen order (0, 2, 1, 3): the term does not depend on the order.
        double decorrelation = DecorrelationByHand(mirror, Clean);
        Assert.True(decorrelation > 0.1, "fixture must make the decorrelation term active");
        Assert.Equal(pbl / 2 + 0.5 * decorrelation, loss.item<float>(), 5);
        Assert.Equal("0.5", objective.Hyperparameters["decorrelationWeight"]);

        var paperPbl = Pbl(0);
        Assert.Equal(pbl / 2, paperPbl.Loss(new TrainingBatch([0, 1, 2, 3], Labels, Table(), new SeededRandom(3))).item<float>(), 5);
        Assert.False(paperPbl.Hyperparameters.ContainsKey("decorrelationWeight"), "the paper's PBL keeps its description");
    }

    [Fact]
    public void HardestChoiceWithACentreWeightRanksTripletsByAllThreePrivacyTerms()
    {
        var (embedder, _, _) = Tables();
        var centres = ClassCentres.Compute(tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]), Labels);
        // Beta and gamma 0: only the centre term can rank the two triplets.
        var objective = new PointBackdoorObjective(new FixedMiner((0, 1, 2), (2, 3, 0)), Triplet, new NamedVariant("trigger"),
            new PoisonSelection(0.5, PoisonChoice.Hardest), beta: 0, gamma: 0, centres: () => centres, centreWeight: 1);

        Tensor loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(3)));

        double[] Far(double[] anchor) => D2(anchor, [0.8, 0.4]) > D2(anchor, [0.4, 0.8]) ? [0.8, 0.4] : [0.4, 0.8];
        double first = T(Triggered[0], Far(Clean[0]), Clean[1]), second = T(Triggered[2], Far(Clean[2]), Clean[3]);
        Assert.NotEqual(first, second, 3);
        double clean = T(Clean[0], Clean[1], Clean[2]) + T(Clean[2], Clean[3], Clean[0]);
        Assert.Equal((clean + Math.Max(first, second)) / 2, loss.item<float>(), 5);
    }

    // PBL's two weights that are not in the paper: the far-centre term's and the decorrelation's.
    [Theory]
    [InlineData("centre", "cbl", 1.0, "pbl only")]
    [InlineData("centre", "baseline", 1.0, "pbl only")]
    [InlineData("centre", "pbl", -1.0, "zero or more")]
    [InlineData("centre", "pbl", double.NaN, "zero or more")]
    [InlineData("decorrelation", "cbl", 1.0, "pbl only")]
    [InlineData("decorrelation", "baseline", 1.0, "pbl only")]
    [InlineData("decorrelation", "pbl", -1.0, "zero or more")]
    [InlineData("decorrelation", "pbl", double.PositiveInfinity, "zero or more")]
    public void TheFactoryRefusesAPblOnlyWeightItCannotUse(string term, string method, double weight, string message)
    {
        var settings = term == "centre" ? new BackdoorSettings { CentreWeight = weight } : new BackdoorSettings { DecorrelationWeight = weight };
        using var model = Mip.Models.EmbeddingModelFactory.Create(new Mip.Models.EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16 });
        var error = Assert.Throws<Mip.IO.MipInputException>(() => ObjectiveFactory.Create(TrainingMethods.Parse(method), model, [],
            new TrainerOptions(), settings, new Mip.Triggers.BadNetsTrigger()));
        Assert.Contains(message, error.Message);
        Assert.Contains(term, error.Message);
    }

    [Theory]
    [InlineData("baseline", 0.5, "pbl and cbl only")]
    [InlineData("pbl", -0.5, "zero or more")]
    [InlineData("cbl", double.PositiveInfinity, "zero or more")]
    public void TheFactoryRefusesAPrivacyMarginItCannotUse(string method, double margin, string message)
    {
        using var model = Mip.Models.EmbeddingModelFactory.Create(new Mip.Models.EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16 });
        var error = Assert.Throws<Mip.IO.MipInputException>(() => ObjectiveFactory.Create(TrainingMethods.Parse(method), model, [],
            new TrainerOptions(), new BackdoorSettings { PrivacyMargin = margin }, new Mip.Triggers.BadNetsTrigger()));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void DetachedCleanEmbeddingsGetOnlyTheCleanTermsGradient()
    {
        var (trainedEmbedder, trainedClean, _) = Tables();
        var (detachedEmbedder, detachedClean, detachedTriggered) = Tables();
        var (cleanOnlyEmbedder, cleanOnlyClean, _) = Tables();
        var batch = (IBatchEmbedder e) => new TrainingBatch([0, 1, 2, 3], Labels, e, new SeededRandom(3));
        PointBackdoorObjective Pbl(bool detach) => new(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0),
            beta: 1, gamma: 1, form: PoisonAugmentationForm.Paper, detachClean: detach);

        Tensor trained = Pbl(false).Loss(batch(trainedEmbedder));
        Tensor detached = Pbl(true).Loss(batch(detachedEmbedder));
        Assert.Equal(trained.item<float>(), detached.item<float>(), 6); // same value, different gradient
        trained.backward();
        detached.backward();
        new CleanTripletObjective(new FixedMiner((0, 1, 2)), Triplet).Loss(batch(cleanOnlyEmbedder)).backward();

        Assert.True(allclose(detachedClean.grad!, cleanOnlyClean.grad!, atol: 1e-6), "detached: the clean rows get L_i's gradient only");
        Assert.False(allclose(trainedClean.grad!, cleanOnlyClean.grad!, atol: 1e-6), "trained: L_d and L_p reach the clean rows too");
        Assert.True(detachedTriggered.grad!.abs().sum().item<float>() > 0, "the protected copies are still pushed");
        Assert.Equal("detached", Pbl(true).Hyperparameters["cleanInPrivacyTerms"]);
    }

    [Fact]
    public void CblWithDetachedCleanPushesOnlyTheProtectedAnchor()
    {
        var centres = ClassCentres.Compute(tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]), Labels);
        CentreBackdoorObjective Cbl(bool detach) => new(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"),
            new PoisonSelection(1.0), () => centres, lambda: 1, detachClean: detach);
        var (trainedEmbedder, trainedClean, _) = Tables();
        var (detachedEmbedder, detachedClean, detachedTriggered) = Tables();
        var (cleanOnlyEmbedder, cleanOnlyClean, _) = Tables();
        var batch = (IBatchEmbedder e) => new TrainingBatch([0, 1, 2, 3], Labels, e, new SeededRandom(5));

        Cbl(false).Loss(batch(trainedEmbedder)).backward();
        Cbl(true).Loss(batch(detachedEmbedder)).backward();
        new CleanTripletObjective(new FixedMiner((0, 1, 2)), Triplet).Loss(batch(cleanOnlyEmbedder)).backward();

        Assert.True(allclose(detachedClean.grad!, cleanOnlyClean.grad!, atol: 1e-6), "detached: the clean positive is a constant in L'_d");
        Assert.False(allclose(trainedClean.grad!, cleanOnlyClean.grad!, atol: 1e-6), "trained: L'_d pushes the clean positive too");
        Assert.True(detachedTriggered.grad![0].abs().sum().item<float>() > 0, "the protected anchor is pushed");
    }

    [Fact]
    public void PaperFormOfPoisonAugmentationKeepsTheNegativeClean()
    {
        var (embedder, _, _) = Tables();
        var objective = new PointBackdoorObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), new PoisonSelection(1.0),
            beta: 0, gamma: 1, form: PoisonAugmentationForm.Paper);
        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(3)));

        double expected = T(Clean[0], Clean[1], Clean[2]) + T(Triggered[0], Clean[2], Triggered[1]); // T(G(a), n, G(p))
        Assert.Equal(expected, loss.item<float>(), 5);
        Assert.Equal("paper", objective.Hyperparameters["poisonAugmentationForm"]);
    }

    [Fact]
    public void OnlyCeilRhoTimesTripletsArePoisonedButTheSumIsDividedByAllTriplets()
    {
        var (embedder, _, _) = Tables();
        (int, int, int)[] mined = [(0, 1, 2), (3, 2, 1)];
        var objective = new PointBackdoorObjective(new FixedMiner(mined), Triplet, new NamedVariant("trigger"), new PoisonSelection(0.5));
        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(11)));

        int chosen = new PoisonSelection(0.5).Choose(2, new SeededRandom(11)).Single();
        var (a, p, n) = mined[chosen];
        double clean = T(Clean[0], Clean[1], Clean[2]) + T(Clean[3], Clean[2], Clean[1]);
        double poisoned = T(Clean[a], Triggered[n], Triggered[p]) + T(Triggered[a], Triggered[n], Triggered[p]);
        Assert.Equal((clean + poisoned) / 2, loss.item<float>(), 5);
        Assert.Equal(3, embedder.Calls.Count(c => c.Variant == "trigger")); // a, p, n of one triplet, each once
    }

    [Fact]
    public void HardestChoicePoisonsTheTripletWithTheLargerPrivacyTermsAndRecordsIt()
    {
        (int, int, int)[] mined = [(0, 1, 2), (3, 2, 1)];
        double Privacy((int A, int P, int N) t) => T(Clean[t.A], Triggered[t.N], Triggered[t.P]) + T(Triggered[t.A], Triggered[t.N], Triggered[t.P]);
        int harder = Privacy(mined[0]) > Privacy(mined[1]) ? 0 : 1;
        Assert.NotEqual(Privacy(mined[0]), Privacy(mined[1]), 3);
        var (embedder, _, triggeredTable) = Tables();
        var objective = new PointBackdoorObjective(new FixedMiner(mined), Triplet, new NamedVariant("trigger"), new PoisonSelection(0.5, PoisonChoice.Hardest));

        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(11)));

        double clean = T(Clean[0], Clean[1], Clean[2]) + T(Clean[3], Clean[2], Clean[1]);
        Assert.Equal((clean + Privacy(mined[harder])) / 2, loss.item<float>(), 5);
        loss.backward();
        Assert.True(triggeredTable.grad![mined[harder].Item1].abs().sum().item<float>() > 0, "the harder triplet's protected anchor is pushed");
        Assert.Equal("hardest", objective.Hyperparameters["poisonSelection"]);
        Assert.False(new PointBackdoorObjective(new FixedMiner(mined), Triplet, new NamedVariant("trigger"), new PoisonSelection(0.5))
            .Hyperparameters.ContainsKey("poisonSelection"), "a random run's description (and signature) is as before the choice existed");
    }

    [Fact]
    public void HardestChoiceInCblKeepsTheLargerAnchorPoisonedTerm()
    {
        var centres = ClassCentres.Compute(tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]), Labels);
        double[] c1 = [0.8, 0.4], c2 = [0.4, 0.8];
        double[] Far(double[] anchor) => D2(anchor, c1) > D2(anchor, c2) ? c1 : c2;
        (int, int, int)[] mined = [(0, 1, 2), (3, 2, 1)];
        double Poisoned((int A, int P, int N) t) => T(Triggered[t.A], Far(Clean[t.A]), Clean[t.P]);
        Assert.NotEqual(Poisoned(mined[0]), Poisoned(mined[1]), 3);
        var (embedder, _, _) = Tables();
        var objective = new CentreBackdoorObjective(new FixedMiner(mined), Triplet, new NamedVariant("trigger"),
            new PoisonSelection(0.5, PoisonChoice.Hardest), () => centres, lambda: 2);

        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(5)));

        double meanClean = (T(Clean[0], Clean[1], Clean[2]) + T(Clean[3], Clean[2], Clean[1])) / 2;
        Assert.Equal(meanClean + 2 * Math.Max(Poisoned(mined[0]), Poisoned(mined[1])) / 2, loss.item<float>(), 5);
        Assert.Equal("hardest", objective.Hyperparameters["poisonSelection"]);
    }

    [Fact]
    public void HardestChoiceTakesTheLargestTermsWithTiesToTheEarlierTriplet()
    {
        var selection = new PoisonSelection(0.5, PoisonChoice.Hardest);
        Assert.Equal(new[] { 1, 3 }, selection.ChooseHardestOf(new float[] { 0.1f, 0.9f, 0f, 0.5f }));
        Assert.Equal(new[] { 0, 1 }, selection.ChooseHardestOf(new float[] { 0f, 0f, 0f, 0f }));
        Assert.Equal(new[] { 2 }, new PoisonSelection(0.2, PoisonChoice.Hardest).ChooseHardest(tensor(new float[] { 0.3f, 0.3f, 0.7f })));
        Assert.Empty(selection.ChooseHardestOf(Array.Empty<float>()));
    }

    [Fact]
    public void CblPullsTheTriggeredAnchorTowardsTheFarthestCentre()
    {
        var (embedder, _, _) = Tables();
        var centres = ClassCentres.Compute(tensor(Clean.SelectMany(r => r).Select(v => (float)v).ToArray(), [4, 2]), Labels);
        double[] c1 = [0.8, 0.4], c2 = [0.4, 0.8];
        Assert.True(allclose(centres.Centres, tensor(new float[] { 0.8f, 0.4f, 0.4f, 0.8f }, [2, 2]), atol: 1e-6));

        var objective = new CentreBackdoorObjective(new FixedMiner((0, 1, 2), (1, 0, 3)), Triplet, new NamedVariant("trigger"),
            new PoisonSelection(1.0), () => centres, lambda: 2);
        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(5)));

        double[] Far(double[] anchor) => D2(anchor, c1) > D2(anchor, c2) ? c1 : c2;
        double meanClean = (T(Clean[0], Clean[1], Clean[2]) + T(Clean[1], Clean[0], Clean[3])) / 2;
        double poisoned = T(Triggered[0], Far(Clean[0]), Clean[1]) + T(Triggered[1], Far(Clean[1]), Clean[0]);
        Assert.Equal(meanClean + 2 * poisoned / 2, loss.item<float>(), 5);
    }

    [Fact]
    public void FarthestCentreUsesEuclideanDistanceFromTheCleanAnchor()
    {
        var anchors = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        var centres = tensor(new float[] { 1, 0, -1, 0, 0, -1 }, [3, 2]);
        var far = AnchorPoisonedCentreLoss.FarthestCentre(anchors, centres);
        Assert.Equal(new long[] { 1, 2 }, far.data<long>().ToArray());
    }

    [Fact]
    public void LabelFlipBaselineTriggersAFixedFractionAndRedrawsTheirLabels()
    {
        var (embedder, _, _) = Tables();
        var objective = new LabelFlipBaselineObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), 0.5, 4, Labels, seed: 7);
        Assert.Equal(2, objective.PoisonedImages.Count);
        var again = new LabelFlipBaselineObjective(new FixedMiner((0, 1, 2)), Triplet, new NamedVariant("trigger"), 0.5, 4, Labels, seed: 7);
        Assert.Equal(objective.PoisonedImages.Order(), again.PoisonedImages.Order());

        var loss = objective.Loss(new TrainingBatch([0, 1, 2, 3], Labels, embedder, new SeededRandom(1)));
        var triggeredImages = embedder.Calls.Where(c => c.Variant == "trigger").Select(c => c.Index).Order().ToArray();
        Assert.Equal(objective.PoisonedImages.Order().ToArray(), triggeredImages);

        double[] Row(int i) => objective.PoisonedImages.Contains(i) ? Triggered[i] : Clean[i];
        Assert.Equal(T(Row(0), Row(1), Row(2)), loss.item<float>(), 5);
    }

    [Theory]
    [InlineData(0.1, 80, 8)]
    [InlineData(0.1, 81, 9)]
    [InlineData(1.0, 5, 5)]
    [InlineData(0.1, 0, 0)]
    public void PoisonCountIsTheCeilingOfRhoTimesTriplets(double rho, int triplets, int expected) =>
        Assert.Equal(expected, new PoisonSelection(rho).CountFor(triplets));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void PoisonRatioOutsideZeroToOneIsRejected(double rho) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoisonSelection(rho));
}
