namespace ModerationApi.Engine.Rules;

/// <summary>Finds the extent of NFT links around a matched host or scheme, and bare contract:token references.</summary>
internal static class NftLinks
{
    /// <summary>Grows a hit such as "opensea.io" to the whole link it is part of, so evidence shows the link.</summary>
    public static (int Start, int End) ExpandToUrl(string text, int start, int end)
    {
        while (start > 0 && IsUrlChar(text[start - 1]))
        {
            start--;
        }

        while (end < text.Length && IsUrlChar(text[end]))
        {
            end++;
        }

        // Trailing sentence punctuation belongs to the sentence, not the link.
        while (end > start && text[end - 1] is '.' or ',' or ')' or '!' or '?' or ';' or '"' or '\'')
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>Adds a signal for each <c>0x&lt;40 hex&gt;:&lt;token id&gt;</c> that is not already inside a link.</summary>
    public static void AddContractTokenIds(string text, List<RuleSignal> signals, double weight)
    {
        var index = 0;
        while ((index = text.IndexOf("0x", index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var hexEnd = index + 2;
            while (hexEnd < text.Length && char.IsAsciiHexDigit(text[hexEnd]) && hexEnd - index - 2 < 41)
            {
                hexEnd++;
            }

            var startsWord = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            if (startsWord && hexEnd - index == 42 && hexEnd < text.Length && text[hexEnd] == ':')
            {
                var idEnd = hexEnd + 1;
                while (idEnd < text.Length && char.IsAsciiDigit(text[idEnd]))
                {
                    idEnd++;
                }

                if (idEnd > hexEnd + 1 && !Covered(signals, index))
                {
                    signals.Add(new RuleSignal(SignalKind.NftLink, "isis-nft.contract-token", index, idEnd, weight, "NFT contract:token reference"));
                }
            }

            index = Math.Max(hexEnd, index + 2);
        }
    }

    private static bool Covered(List<RuleSignal> signals, int position)
    {
        foreach (var s in signals)
        {
            if (s.Kind == SignalKind.NftLink && s.Start <= position && position < s.End)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUrlChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or ':' or '-' or '_' or '~' or '%' or '?' or '=' or '&' or '#' or '+' or '@';
}
