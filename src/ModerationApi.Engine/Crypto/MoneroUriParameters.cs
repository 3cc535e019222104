namespace ModerationApi.Engine.Crypto;

/// <summary>
/// The parameter names a <c>monero:</c> URI may carry by the scheme's specification. Only these are ever named in
/// evidence: any other name is the poster's own words (it can hold a phone number), so it is only counted.
/// </summary>
internal static class MoneroUriParameters
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "tx_amount", "tx_description", "recipient_name", "tx_payment_id",
    };

    public static bool IsKnown(string name) => Known.Contains(name);

    /// <summary>"monero: payment URI", then the known names in order, then how many others there are.</summary>
    public static string Describe(IEnumerable<string> names, Func<string, string>? describeKnown = null)
    {
        var parts = new List<string>();
        var others = 0;
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            if (IsKnown(name))
            {
                parts.Add(describeKnown is null ? name : describeKnown(name));
            }
            else
            {
                others++;
            }
        }

        if (others > 0)
        {
            parts.Add(others == 1 ? "1 other parameter" : $"{others} other parameters");
        }

        return parts.Count == 0 ? "monero: payment URI" : "monero: payment URI with " + string.Join(", ", parts);
    }
}
