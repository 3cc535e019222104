namespace ModerationApi.Cli;

/// <summary>The <c>--rules</c>, <c>--heads</c> and <c>--no-model</c> options shared by the commands that moderate.</summary>
internal static class ModelArguments
{
    public const string FlagNoModel = "no-model";

    public static string RulesPath(Arguments a) => a.Optional("rules", Path.Combine(AppContext.BaseDirectory, "models", "rules"));

    /// <summary>The heads to load, or null for rules only.</summary>
    public static string? HeadsPath(Arguments a)
    {
        if (a.Flag(FlagNoModel))
        {
            return a.Has("heads") ? throw new ArgumentException("--heads and --no-model exclude each other") : null;
        }

        var heads = Path.GetFullPath(a.Optional("heads", Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx")));
        return File.Exists(heads) ? heads : throw new FileNotFoundException($"heads not found: {heads} (pass --heads, or --no-model for rules only)");
    }
}
