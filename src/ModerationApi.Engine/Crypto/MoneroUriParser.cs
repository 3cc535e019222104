using System.Collections.ObjectModel;
using System.Net;

namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Parses <c>monero:</c> URIs (monero-project/monero docs/URI_SCHEME.md): <c>monero:addr[;addr...][?key=value&amp;...]</c>.
/// </summary>
internal static class MoneroUriParser
{
    internal const string Scheme = "monero:";

    // Bounds what one (possibly failed) parse may read, so adversarial repetitions of the scheme stay linear.
    private const int MaxRecipients = 16;

    /// <summary>True when a <c>monero:</c> scheme, in any case, starts at <paramref name="start"/>.</summary>
    internal static bool StartsAt(string text, int start) =>
        // Every word starting with 'm' asks; the colon rules out nearly all of them before the case-blind compare.
        start + Scheme.Length <= text.Length && text[start + Scheme.Length - 1] == ':'
        && text.AsSpan(start).StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses the URI whose scheme starts at <paramref name="start"/>. <paramref name="end"/> is where the URI ends on
    /// success, or the first offset a later parse may start at on failure.
    /// </summary>
    internal static bool TryParse(string text, int start, ScanWorkCounter? work, out MoneroUriMatch? match, out int end)
    {
        match = null;
        var pos = start + Scheme.Length;
        end = pos;
        if (text.AsSpan(pos).StartsWith("//", StringComparison.Ordinal))
        {
            pos += 2;
        }

        List<CryptoAddress>? recipients = null;
        var uriEnd = pos;
        var listComplete = false;
        for (var r = 0; r < MaxRecipients; r++)
        {
            var wordStart = pos;
            while (pos < text.Length && AddressCharClasses.IsWordChar(text[pos]) && pos - wordStart <= CryptoAddressValidator.MaxLength)
            {
                pos++;
            }

            if (work is not null)
            {
                work.UriCharacters += pos - wordStart + 1;
            }

            if (pos - wordStart > CryptoAddressValidator.MaxLength)
            {
                break;
            }

            if (CryptoAddressValidator.TryParse(text.AsSpan(wordStart, pos - wordStart), out var address)
                && address.Asset == CryptoAsset.Monero)
            {
                (recipients ??= []).Add(address);
                uriEnd = pos;
            }

            if (pos < text.Length && text[pos] == ';')
            {
                pos++;
                continue;
            }

            listComplete = true;
            break;
        }

        if (recipients is null)
        {
            return false;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var valueSpans = new Dictionary<string, (int Start, int End)>(StringComparer.OrdinalIgnoreCase);
        if (listComplete && pos < text.Length && text[pos] == '?')
        {
            var queryEnd = FindQueryEnd(text, pos + 1);
            if (work is not null)
            {
                work.UriCharacters += queryEnd - pos;
            }

            if (queryEnd > pos + 1)
            {
                ParseQuery(text.AsSpan(pos + 1, queryEnd - pos - 1), pos + 1, parameters, valueSpans);
                uriEnd = queryEnd;
            }
        }

        end = uriEnd;
        match = new MoneroUriMatch(start, uriEnd, recipients.AsReadOnly(), new ReadOnlyDictionary<string, string>(parameters),
            new ReadOnlyDictionary<string, (int Start, int End)>(valueSpans));
        return true;
    }

    private static int FindQueryEnd(string text, int from)
    {
        // Spaces must be percent-encoded in the URI, so whitespace (or markup quoting it) ends it.
        var end = from;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or '>' or '"' or '`'))
        {
            end++;
        }

        // Sentence punctuation after a URI belongs to the sentence; inside a value it would be percent-encoded.
        while (end > from && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}' or '\'')
        {
            end--;
        }

        return end;
    }

    private static void ParseQuery(ReadOnlySpan<char> query, int queryStart, Dictionary<string, string> parameters, Dictionary<string, (int, int)> valueSpans)
    {
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var key = WebUtility.UrlDecode(new string(equals < 0 ? pair : pair[..equals]));
            if (key.Length == 0)
            {
                continue;
            }

            var value = equals < 0 ? string.Empty : WebUtility.UrlDecode(new string(pair[(equals + 1)..]));
            if (parameters.TryAdd(key, value) && equals >= 0)
            {
                var valueStart = queryStart + range.Start.Value + equals + 1;
                valueSpans[key] = (valueStart, queryStart + range.End.Value);
            }
        }
    }
}
