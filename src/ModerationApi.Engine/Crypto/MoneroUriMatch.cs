namespace ModerationApi.Engine.Crypto;

/// <summary>A <c>monero:</c> payment URI found in scanned text.</summary>
/// <param name="Start">UTF-16 offset of the scheme's first character.</param>
/// <param name="End">UTF-16 offset just past the URI, exclusive.</param>
/// <param name="Recipients">The checksum-valid Monero addresses the URI pays, in order.</param>
/// <param name="Parameters">
/// Query parameters with URL-decoded keys and values (tx_amount, tx_description, recipient_name, ...); key lookup
/// ignores case.
/// </param>
/// <param name="ValueSpans">Where each parameter's value stands in the scanned text, still percent-encoded: UTF-16 start and exclusive end.</param>
internal sealed record MoneroUriMatch(
    int Start,
    int End,
    IReadOnlyList<CryptoAddress> Recipients,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, (int Start, int End)> ValueSpans);
