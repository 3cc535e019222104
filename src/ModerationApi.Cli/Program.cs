using ModerationApi.Cli;

// The project's command-line tools, listed in Commands.All. Data comes from paths given here, never from the repo.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Commands.Help());
    return args.Length == 0 ? 2 : 0;
}

try
{
    var command = Commands.Find(args[0])
        ?? throw new ArgumentException($"unknown command '{args[0]}' ({string.Join(", ", Commands.All.Select(c => c.Name))})");
    return await command.RunAsync(args[1..]);
}
catch (Exception ex) when (ex is ArgumentException or DirectoryNotFoundException or FileNotFoundException or InvalidDataException or ModerationApi.Engine.Rules.RuleFileException or StackExchange.Redis.RedisConnectionException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
