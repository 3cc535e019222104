namespace ModerationApi.Engine.KnownContent;

/// <summary>Everything reviewers have banked and allow-listed, to load into a <see cref="KnownContentIndex"/>.</summary>
/// <param name="Blocked">Confirmed content.</param>
/// <param name="Allowed">Dismissed content hashes and the items they came from.</param>
public sealed record KnownContentSnapshot(
    IReadOnlyList<KnownContentEntry> Blocked,
    IReadOnlyList<KeyValuePair<string, string>> Allowed);
