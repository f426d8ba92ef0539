using Mip.IO;
using Mip.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli;

/// <summary>Builds the <c>mip</c> command tree. Commands are thin: they parse, call the library and print.</summary>
public static class MipApp
{
    /// <summary>Exit code for bad input (missing or corrupt files, bad arguments).</summary>
    public const int InputError = 2;

    /// <summary>Exit code for an environment failure (LibTorch cannot load, device missing).</summary>
    public const int EnvironmentError = 3;

    public static int Run(string[] args) => Run(args, dryRun: false);

    /// <summary>
    /// Runs <paramref name="args"/>; with <paramref name="dryRun"/> the command line is parsed and its settings are
    /// validated, but the command does not execute (0 when it would start). The README check uses this to prove every
    /// documented command is well formed without running hours of training.
    /// </summary>
    public static int Run(string[] args, bool dryRun)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            if (dryRun) config.Settings.Registrar.RegisterInstance<ICommandInterceptor>(new DryRunInterceptor());
            config.SetApplicationName("mip");
            config.UseStrictParsing();
            config.SetApplicationVersion(typeof(MipApp).Assembly.GetName().Version?.ToString(3) ?? "0");
            config.SetExceptionHandler((exception, _) => ReportError(exception));
            config.AddCommand<Commands.DemoCommand>("demo")
                .WithDescription("Run the system end to end on the embedded default data set (or --data) and print the results.")
                .WithExample("demo")
                .WithExample("demo", "--data", "../shared/data/cub200-subset/CUB_200_2011", "-o", "runs/demo-cub");
            config.AddBranch("data", data =>
            {
                data.SetDescription("Inspect data sets.");
                data.AddCommand<Commands.DataInspectCommand>("inspect")
                    .WithDescription("Print the classes, images and split sizes of a data set.")
                    .WithExample("data", "inspect", "../shared/data/cub200-subset/CUB_200_2011");
                data.AddCommand<Commands.DataDrawCommand>("draw")
                    .WithDescription("Draw the embedded default data set (seeded object classes) into a folder.")
                    .WithExample("data", "draw", "--out", "drawn", "--classes", "40");
            });
            config.AddCommand<Commands.IndexCommand>("index")
                .WithDescription("Add the images of a folder to a store (incremental: only new content is embedded).")
                .WithExample("index", "--model", "pretrained", "--images", "photos", "--store", "gallery.mipdb");
            config.AddCommand<Commands.SearchCommand>("search")
                .WithDescription("Print the stored images nearest to a query image, with distances.")
                .WithExample("search", "--store", "gallery.mipdb", "query.jpg", "-k", "10");
            config.AddCommand<Commands.ServeCommand>("serve")
                .WithDescription("Serve the retrieval web page and JSON API for a store.")
                .WithExample("serve", "--store", "gallery.mipdb", "--url", "http://127.0.0.1:5080");
            config.AddBranch("store", store =>
            {
                store.SetDescription("Inspect retrieval stores.");
                store.AddCommand<Commands.StoreStatsCommand>("stats")
                    .WithDescription("Print the number of entries, dimension and size of a store.")
                    .WithExample("store", "stats", "--store", "gallery.mipdb");
            });
            config.AddBranch("trigger", trigger =>
            {
                trigger.SetDescription("Train and measure the learned invisible trigger.");
                trigger.AddCommand<Commands.TriggerTrainCommand>("train")
                    .WithDescription("Train the steganographic encoder/decoder on a data set's training images.")
                    .WithExample("trigger", "train", "--data", "../shared/data/cub200-subset/CUB_200_2011", "-o", "stego.mipckpt");
                trigger.AddCommand<Commands.TriggerEvaluateCommand>("evaluate")
                    .WithDescription("Measure the learned trigger's quality and secret recovery (lossless and JPEG) at one or more strengths.")
                    .WithExample("trigger", "evaluate", "--data", "../shared/data/cub200-subset/CUB_200_2011", "--sample", "300", "--strength", "35,36,37");
                trigger.AddCommand<Commands.TriggerBenchCommand>("bench")
                    .WithDescription("Time protecting 224x224 images with each trigger in one run.")
                    .WithExample("trigger", "bench", "--data", "../shared/data/cub200-subset/CUB_200_2011", "-o", "bench/triggers");
            });
            config.AddCommand<Commands.ProtectCommand>("protect")
                .WithDescription("Protect an image or a folder of images with a trigger (default: the learned invisible one).")
                .WithExample("protect", "photo.jpg", "-o", "photo-protected.png", "--secret", "mine");
            config.AddCommand<Commands.RevealCommand>("reveal")
                .WithDescription("Print the secret hidden in an image and the decoder's confidence, or say that none was found (exit code 1).")
                .WithExample("reveal", "photo-protected.png");
            config.AddCommand<Commands.QualityCommand>("quality")
                .WithDescription("Print MSE, PSNR and SSIM of an image against a reference of the same size.")
                .WithExample("quality", "photo.png", "photo-protected.png");
            config.AddBranch("report", report =>
            {
                report.SetDescription("Write evaluation reports.");
                report.AddCommand<Commands.ReportStealthCommand>("stealth")
                    .WithDescription("Table 4: mean MSE, SSIM, PSNR of each trigger over a data set's images, stego recovery, and a side-by-side picture.")
                    .WithExample("report", "stealth", "--data", "../shared/data/cub200-subset/CUB_200_2011", "--sample", "300", "-o", "reports/stealth");
                report.AddCommand<Commands.ReportRobustnessCommand>("robustness")
                    .WithDescription("Redraw a mip robustness report (Markdown, CSV, plots) from its robustness.json.")
                    .WithExample("report", "robustness", "--input", "reports/robustness");
            });
            config.AddCommand<Commands.EmbedCommand>("embed")
                .WithDescription("Embed images with a model and write the embeddings as JSON or .npy.")
                .WithExample("embed", "--model", "pretrained", "photo.jpg", "-o", "emb.json");
            config.AddCommand<Commands.TrainCommand>("train")
                .WithDescription("Train the retrieval model (deep metric learning, triplet loss); keeps the best and the last checkpoint.")
                .WithExample("train", "--data", "../shared/data/cub200-subset/CUB_200_2011", "--method", "clean", "--input-size", "128", "--out", "runs/clean");
            config.AddCommand<Commands.AverageCommand>("average")
                .WithDescription("Average the weights of checkpoints of one run (e.g. its last epochs, kept with train --keep-epochs).")
                .WithExample("average", "runs/pbl/epoch-008.ckpt", "runs/pbl/epoch-009.ckpt", "runs/pbl/epoch-010.ckpt", "--out", "runs/pbl/averaged.ckpt");
            config.AddCommand<Commands.EvalCommand>("eval")
                .WithDescription("Evaluate retrieval on a data set's test split; with --clean-model/--tasks, the four privacy tasks, PSR, BA and the mixed gallery.")
                .WithExample("eval", "--model", "runs/clean/best.ckpt", "--data", "../shared/data/cub200-subset/CUB_200_2011", "-o", "reports/clean")
                .WithExample("eval", "--clean-model", "runs/clean/best.ckpt", "--model", "runs/pbl/last.ckpt", "--tasks", "all", "--data", "../shared/data/cub200-subset/CUB_200_2011", "-o", "reports/pbl");
            config.AddCommand<Commands.RobustnessCommand>("robustness")
                .WithDescription("Input filters, fine-pruning and the HDM baseline against the protection; robustness.md/json/csv, filters.png, pruning.png.")
                .WithExample("robustness", "--clean-model", "runs/clean/last.ckpt", "--model", "runs/pbl/last.ckpt", "--model", "runs/cbl/last.ckpt", "--data", "../shared/data/cub200-subset/CUB_200_2011", "-o", "reports/robustness");
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Benchmarks written as reports.");
                bench.AddCommand<Commands.EfficiencyCommand>("efficiency")
                    .WithDescription("Time and memory to protect one image with BadNets, Blended, the learned trigger and HDM (Table 1).")
                    .WithExample("bench", "efficiency", "--data", "../shared/data/cub200-subset/CUB_200_2011", "--images", "50", "-o", "reports/efficiency");
            });
            config.AddCommand<Commands.SweepCommand>("sweep")
                .WithDescription("Train and score a backdoor method over beta = gamma (Fig. 8), rho (Fig. 9) or the loss ablation (Table 5), on the validation classes.")
                .WithExample("sweep", "--sweep", "rho", "--values", "0.05,0.1,0.2", "--data", "../shared/data/cub200-subset/CUB_200_2011", "--input-size", "128", "--out", "runs/sweep-rho");
        });
        return app.Run(args);
    }

    private sealed class DryRunStop : Exception;

    private sealed class DryRunInterceptor : ICommandInterceptor
    {
        public void Intercept(CommandContext context, CommandSettings settings) => throw new DryRunStop();

        public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
        {
        }
    }

    private static int ReportError(Exception exception)
    {
        if (exception is DryRunStop || exception.InnerException is DryRunStop) return 0;
        var e = exception is CommandAppException or CommandRuntimeException ? exception : Unwrap(exception);
        // Plain text on stderr: no colour codes or wrapping in messages that scripts and logs capture.
        Console.Error.WriteLine("error: " + e.Message);
        return e switch
        {
            MipInputException or CommandAppException or CommandRuntimeException or ArgumentException
                or FileNotFoundException or DirectoryNotFoundException => InputError,
            TorchUnavailableException => EnvironmentError,
            _ => 1,
        };
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException or System.Reflection.TargetInvocationException or TypeInitializationException && e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}
