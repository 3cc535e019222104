using System.Text;

namespace ModerationApi.Engine.Classifier.Hashed;

/// <summary>
/// Which <see cref="HashedNgramModel"/> a file holds: its four-byte magic and the prefix of its version, so the
/// Arabic model's file cannot be loaded as the screen's or the other way round.
/// </summary>
/// <param name="Magic">Four ASCII characters at the start of the file.</param>
/// <param name="VersionPrefix">Put before the file hash in the model's version.</param>
public sealed record HashedModelFormat(string Magic, string VersionPrefix)
{
    /// <summary>The Arabic model (<c>models/arabic/arabic.bin</c>).</summary>
    public static HashedModelFormat Arabic { get; } = new("MARB", "arabic");

    /// <summary>The encoder screen (<c>models/screen/screen.bin</c>).</summary>
    public static HashedModelFormat Screen { get; } = new("MSCR", "screen");

    /// <summary>The magic as the file's bytes.</summary>
    internal byte[] MagicBytes => Encoding.ASCII.GetBytes(Magic);
}
