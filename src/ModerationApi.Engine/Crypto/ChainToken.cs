namespace ModerationApi.Engine.Crypto;

/// <summary>An all-ASCII-alphanumeric word the scanner may validate alone or join with its whitespace-separated neighbours.</summary>
/// <param name="Start">Offset of the first character.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Classes">AND of <see cref="AddressCharClasses"/> bits over the characters.</param>
/// <param name="HasDigit">Whether any character is a digit.</param>
/// <param name="InUrlPath">Whether the word sits in the path or query of a URL.</param>
internal readonly record struct ChainToken(int Start, int Length, byte Classes, bool HasDigit, bool InUrlPath)
{
    /// <summary>Offset just past the last character.</summary>
    internal int End => Start + Length;
}
