namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Finds checksum-valid cryptocurrency addresses and <c>monero:</c> URIs in text, in time linear in its length.
/// </summary>
internal static class CryptoAddressScanner
{
    // "\r\n" or a single space/newline between the pieces of a split address; wider gaps are layout, not a split.
    private const int MaxJoinGap = 2;

    private static readonly CryptoScanResult Empty = new([], []);

    /// <summary>
    /// Scans text that has already been NFKC-folded and stripped of zero-width characters. Candidates are whole words
    /// (maximal runs of letters, digits and '_'); whitespace-split addresses are rejoined; Ethereum hex strings inside
    /// URL paths are contract references and are not reported.
    /// </summary>
    /// <param name="text">The normalised post text.</param>
    /// <returns>The addresses and Monero URIs found, in text order.</returns>
    public static CryptoScanResult Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text, null);
    }

    /// <summary>Scans while counting work, so tests can assert that cost grows linearly with input length.</summary>
    // Long on purpose: one linear pass that tries each address family at a token start; keeping the cursor in one
    // method is what makes the work bound (counted by ScanWorkCounter) easy to see.
    internal static CryptoScanResult Scan(string text, ScanWorkCounter? work)
    {
        Span<ChainToken> window = stackalloc ChainToken[TokenChain.Capacity];
        var chain = new TokenChain(text, window, work);
        List<MoneroUriMatch>? uris = null;

        var previousWordEnd = -1;
        var uriHorizon = 0;
        var chunkHasDot = false;
        var chunkInUrl = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var bits = AddressCharClasses.OfWordChar(c);
            if ((bits & AddressCharClasses.WordChar) == 0)
            {
                // URL state is per whitespace-delimited chunk: "host.tld/" or "scheme://" starts a path.
                if (char.IsWhiteSpace(c))
                {
                    chunkHasDot = false;
                    chunkInUrl = false;
                }
                else if (c == '.')
                {
                    chunkHasDot = true;
                }
                else if (c == '/' && (chunkHasDot || (i > 0 && text[i - 1] is ':' or '/')))
                {
                    chunkInUrl = true;
                }

                i++;
                continue;
            }

            var start = i;
            if ((c is 'm' or 'M') && start >= uriHorizon && MoneroUriParser.StartsAt(text, start))
            {
                if (MoneroUriParser.TryParse(text, start, work, out var uri, out var resumeAt))
                {
                    (uris ??= []).Add(uri!);
                }

                uriHorizon = resumeAt;
            }

            // One table lookup per char gives both the word extent and the alphabets; the digit bit is OR-ed.
            var classes = AddressCharClasses.AllAlphabets;
            var any = 0;
            do
            {
                classes &= bits;
                any |= bits;
                if (++i == text.Length)
                {
                    break;
                }

                bits = AddressCharClasses.OfWordChar(text[i]);
            }
            while ((bits & AddressCharClasses.WordChar) != 0);

            var hasDigit = (any & AddressCharClasses.Digit) != 0;
            if ((classes & AddressCharClasses.AsciiAlphanumeric) == 0)
            {
                // Words with '_' or non-ASCII letters are never addresses, and they separate split pieces.
                chain.Flush();
                previousWordEnd = -1;
                continue;
            }

            if (previousWordEnd < 0 || !IsJoinGap(text, previousWordEnd, start))
            {
                chain.Flush();
            }

            var inUrlPath = chunkInUrl || (start > 0 && text[start - 1] == '/');
            chain.Append(new ChainToken(start, i - start, classes, hasDigit, inUrlPath));
            previousWordEnd = i;
        }

        chain.Flush();
        if (work is not null)
        {
            work.CharactersScanned += text.Length;
        }

        var addresses = chain.Matches;
        return addresses is null && uris is null
            ? Empty
            : new CryptoScanResult((IReadOnlyList<CryptoAddressMatch>?)addresses ?? [], (IReadOnlyList<MoneroUriMatch>?)uris ?? []);
    }

    private static bool IsJoinGap(string text, int from, int to)
    {
        if (to - from > MaxJoinGap)
        {
            return false;
        }

        for (var i = from; i < to; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
