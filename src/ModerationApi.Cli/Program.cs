using ModerationApi.Cli;
using ModerationApi.Cli.Rescan;

// moderation train | evaluate | rescan: the project's command-line tools. Data comes from paths given here, never from the repo.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine($"""
        usage:
          moderation train    --data <shared/data> --corpus <models/corpus> --out <models/heads> [--seed 13] [--cache <file>]
          moderation evaluate --data <shared/data> --heads <models/heads/heads.onnx> --out <models/EVAL.md> [--cache <file>]
          {RescanCommand.Usage}
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
        _ => throw new ArgumentException($"unknown command '{args[0]}' (train, evaluate, rescan)"),
    };
}
catch (Exception ex) when (ex is ArgumentException or DirectoryNotFoundException or FileNotFoundException or InvalidDataException or ModerationApi.Engine.Rules.RuleFileException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
