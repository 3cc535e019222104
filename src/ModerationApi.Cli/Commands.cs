using ModerationApi.Cli.Arabic;
using ModerationApi.Cli.Compare;
using ModerationApi.Cli.Rescan;
using ModerationApi.Cli.Screen;
using ModerationApi.Cli.Review;
using ModerationApi.Cli.ScaleOut;

namespace ModerationApi.Cli;

/// <summary>
/// Every command of the <c>moderation</c> tool, in the order the help lists them: to add one, write its class (a
/// <c>RunAsync(string[])</c> and a usage line) and add a row here.
/// </summary>
internal static class Commands
{
    public static readonly IReadOnlyList<CliCommand> All =
    [
        new("train", """
            moderation train    --data <shared/data> --corpus <models/corpus> --out <models/heads> [--seed 13] [--cache <file>]
                                [--head mlp|logistic] [--hidden 128] [--epochs N] [--l2 X] [--lr X] [--ensemble K]
                                [--pro-isis-weight 0.25] [--hate-weight 0.5] [--miws-weight 1] [--pro-isis-filter 0.5]
                                [--fold 0..4]
                                [--calibration-pool all|no-forum|per-source] [--pooling mean|mean-max]
                                [--adapter <file>|none] [--stormfront-relabel <tsv>] [--relabelled-hate-weight 0]
                                [--precision fp32|int8]   (int8 writes heads-int8.onnx and training-int8.json)
                                [--fit-precision fp32|int8 [--fit-cache <file>] [--align] [--fit-thresholds]]
                                                          (fit on another precision's embeddings, optionally map this
                                                          precision's onto them and keep that precision's thresholds)
                                [--agree-with <heads.onnx> [--agree-cache <file>]]
                                                          (held-out decisions compared with those heads')
            """, args => Task.FromResult(TrainCommand.Run(args))),
        new("train-arabic", TrainArabicCommand.Usage, args => Task.FromResult(TrainArabicCommand.Run(args))),
        new("train-screen", TrainScreenCommand.Usage, TrainScreenCommand.RunAsync),
        new("evaluate", "moderation evaluate --data <shared/data> --heads <models/heads/heads.onnx> --out <models/EVAL.md> [--cache <file>] [--arabic <models/arabic/arabic.bin>] [--no-routing] [--adapter <file>|none] [--precision fp32|int8 (default: the heads')] [--screen <file>|none] [--before <EVAL.json>] [--speed-rounds <n>]",
            EvaluateCommand.RunAsync),
        new("rescan", RescanCommand.Usage, RescanCommand.RunAsync),
        new("submit", SubmitCommand.Usage, SubmitCommand.RunAsync),
        new("worker", WorkerCommand.Usage, WorkerCommand.RunAsync),
        new("status", StatusCommand.Usage, StatusCommand.RunAsync),
        new("collect", CollectCommand.Usage, CollectCommand.RunAsync),
        new("compare", CompareCommand.Usage, args => Task.FromResult(CompareCommand.Run(args))),
        new("export-decisions", ExportDecisionsCommand.Usage, ExportDecisionsCommand.RunAsync),
    ];

    /// <summary>The help text: one usage block per command.</summary>
    public static string Help() =>
        "usage:\n" + string.Join('\n', All.Select(c => string.Join('\n', c.Usage.Split('\n').Select(line => "  " + line))));

    public static CliCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
