using CsCheck;

namespace ModerationApi.UnitTests.Policy;

/// <summary>
/// Property: whatever the post, every evidence span lies inside the text as sent and its text is exactly that
/// substring. Posts are random mixes of rule terms, addresses, obfuscation and noise, so spans come from every view.
/// </summary>
public sealed class EvidenceSpanPropertyTests
{
    private static readonly string[] Fragments =
    [
        "islamic state", "Daesh", "k-h-i-l-a-f-a-h", "d0n@te", "M o n e r o", "send XMR", "soldiers of the caliphate",
        "equip a mujahid", "IS-NEWS #01", "opensea.io/item/x", "ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
        "الدولة الإسلامية", "باقية وتتمدد", "جاهد بمالك", "ـــ", "\u064E", "١٢٣", "\u200B", "\u200D", "\u202E", "\uFEFF",
        "ｄａｅｓｈ", "dаеsh", "😂", "🙏🏽", "é", "e\u0301", " ", "  ", "\n", ".", ", ", "#", "the", "zakat",
        AddressVectors.MoneroGeneralFundSubaddress, AddressVectors.MoneroProjectBitcoin,
        "888tNkZrPN6JsEgekjMnABU4 TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H",
        "monero:" + AddressVectors.MoneroGeneralFundStandard + "?tx_description=help%20us",
    ];

    private static readonly Gen<string> Posts =
        Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i]).List[1, 25].Select(parts => string.Concat(parts));

    [Fact]
    public void EveryEvidenceSpanIsTheExactSubstringOfTheOriginal()
    {
        Posts.Sample(post =>
        {
            var verdict = ShippedRules.Moderate(post);
            foreach (var e in verdict.Evidence)
            {
                if (e.Start < 0 || e.End < e.Start || e.End > post.Length || post[e.Start..e.End] != e.Text)
                {
                    return false;
                }

                if (e.End > e.Start && (char.IsLowSurrogate(post[e.Start]) || char.IsHighSurrogate(post[e.End - 1])))
                {
                    return false;
                }
            }

            return true;
        }, iter: 2_000);
    }
}
