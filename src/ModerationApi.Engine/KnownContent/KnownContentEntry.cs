namespace ModerationApi.Engine.KnownContent;

/// <summary>A post a reviewer confirmed, as the bank keeps it: no text, only its fingerprints.</summary>
/// <param name="ContentHash">SHA-256 of the canonical view, lower-case hex.</param>
/// <param name="SimHash">The <see cref="KnownContent.SimHash"/> of the folded view.</param>
/// <param name="ItemId">The review item the reviewer confirmed.</param>
/// <param name="Label">The label the item was flagged for, reported on matches.</param>
public sealed record KnownContentEntry(string ContentHash, ulong SimHash, string ItemId, string Label);
