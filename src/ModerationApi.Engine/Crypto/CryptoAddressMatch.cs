namespace ModerationApi.Engine.Crypto;

/// <summary>A checksum-valid address found in scanned text.</summary>
/// <param name="Start">UTF-16 offset of the first character (of the first piece when the address was rejoined).</param>
/// <param name="End">UTF-16 offset just past the last character (of the last piece), exclusive.</param>
/// <param name="Address">The validated address.</param>
/// <param name="Rejoined">
/// True when the text split the address by whitespace and the scanner joined the pieces; the span then covers all pieces
/// and the whitespace between them.
/// </param>
internal sealed record CryptoAddressMatch(int Start, int End, CryptoAddress Address, bool Rejoined);
