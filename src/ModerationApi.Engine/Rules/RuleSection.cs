namespace ModerationApi.Engine.Rules;

/// <summary>A named list of terms in a rule file, with its attributes (for example <c>weight=0.3</c>).</summary>
public sealed class RuleSection
{
    internal RuleSection(string name, IReadOnlyDictionary<string, string> attributes, IReadOnlyList<RuleTerm> terms)
    {
        Name = name;
        Attributes = attributes;
        Terms = terms;
    }

    /// <summary>The section name, such as <c>entity</c> or <c>request</c>.</summary>
    public string Name { get; }

    /// <summary>Attributes written in the section header.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>The terms, in file order.</summary>
    public IReadOnlyList<RuleTerm> Terms { get; }
}
