namespace ModerationApi.Engine.Rules;

/// <summary>One entry of a rule section as written in its file.</summary>
/// <param name="Text">The term as written.</param>
/// <param name="Line">The 1-based line it is on, for error messages and audits.</param>
/// <param name="CaseSensitive">Written with the <c>| case</c> flag: matched against the case-preserving view.</param>
public sealed record RuleTerm(string Text, int Line, bool CaseSensitive);
