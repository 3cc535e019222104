using ModerationApi.Cli;
using ModerationApi.Cli.Compare;
using ModerationApi.Cli.Rescan;
using ModerationApi.Cli.Review;
using ModerationApi.Cli.ScaleOut;

// moderation train | evaluate | rescan | submit | worker | status | collect | compare | export-decisions: the project's command-line tools. Data comes from paths given here, never from the repo.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine($"""
        usage:
          moderation train    --data <shared/data> --corpus <models/corpus> --out <models/heads> [--seed 13] [--cache <file>]
                              [--head mlp|logistic] [--hidden 128] [--epochs N] [--l2 X] [--lr X] [--ensemble K]
                              [--pro-isis-weight 0.25] [--hate-weight 0.5] [--miws-weight 1] [--pro-isis-filter 0.5]
                              [--fold 0..4]
                              [--calibration-pool all|no-forum|per-source] [--pooling mean|mean-max]
                              [--adapter <file>|none] [--stormfront-relabel <tsv>] [--relabelled-hate-weight 0]
          moderation evaluate --data <shared/data> --heads <models/heads/heads.onnx> --out <models/EVAL.md> [--cache <file>]
                              [--adapter <file>|none] [--before <EVAL.json of an earlier run>]
          {RescanCommand.Usage}
          {SubmitCommand.Usage}
          {WorkerCommand.Usage}
          {StatusCommand.Usage}
          {CollectCommand.Usage}
          {CompareCommand.Usage}
          {ExportDecisionsCommand.Usage}
        """);
    return args.Length == 0 ? 2 : 0;
}

try
{
    return args[0] switch
    {
        "train" => TrainCommand.Run(args[1..]),
        "evaluate" => await EvaluateCommand.RunAsync(args[1..]),
        "rescan" => await RescanCommand.RunAsync(args[1..]),
        "submit" => await SubmitCommand.RunAsync(args[1..]),
        "worker" => await WorkerCommand.RunAsync(args[1..]),
        "status" => await StatusCommand.RunAsync(args[1..]),
        "collect" => await CollectCommand.RunAsync(args[1..]),
        "compare" => CompareCommand.Run(args[1..]),
        "export-decisions" => await ExportDecisionsCommand.RunAsync(args[1..]),
        _ => throw new ArgumentException($"unknown command '{args[0]}' (train, evaluate, rescan, submit, worker, status, collect, compare, export-decisions)"),
    };
}
catch (Exception ex) when (ex is ArgumentException or DirectoryNotFoundException or FileNotFoundException or InvalidDataException or ModerationApi.Engine.Rules.RuleFileException or StackExchange.Redis.RedisConnectionException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
