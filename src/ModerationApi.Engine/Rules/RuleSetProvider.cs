using ModerationApi.Engine.Normalization;

namespace ModerationApi.Engine.Rules;

/// <summary>
/// Holds the rule generation in force and swaps it atomically on reload. A reload that fails leaves the previous
/// generation serving, so a typo in a rule file never takes moderation down.
/// </summary>
public sealed class RuleSetProvider
{
    private readonly TextNormalizer _normalizer;
    private readonly string _rulesDirectory;
    private readonly string? _sanctionsDirectory;
    private readonly Lock _reloadLock = new();
    private volatile CompiledRules _current;

    /// <summary>Loads the rules once; throws if the initial load fails, because there is nothing to fall back on.</summary>
    /// <exception cref="RuleFileException">A rule file is invalid.</exception>
    internal RuleSetProvider(TextNormalizer normalizer, string rulesDirectory, string? sanctionsDirectory)
    {
        _normalizer = normalizer;
        _rulesDirectory = rulesDirectory;
        _sanctionsDirectory = sanctionsDirectory;
        _current = CompiledRules.Load(normalizer, rulesDirectory, sanctionsDirectory);
    }

    /// <summary>The generation in force.</summary>
    public CompiledRules Current => _current;

    /// <summary>Reloads from disk. On failure the exception propagates and <see cref="Current"/> is unchanged.</summary>
    /// <exception cref="RuleFileException">A rule file is invalid; the message names file and line.</exception>
    public CompiledRules Reload()
    {
        lock (_reloadLock)
        {
            var next = CompiledRules.Load(_normalizer, _rulesDirectory, _sanctionsDirectory);
            _current = next;
            return next;
        }
    }
}
