using System.Text;
using CsCheck;

namespace ModerationApi.UnitTests.Normalization;

/// <summary>Generates posts mixing every obfuscation the normaliser has to survive.</summary>
internal static class ObfuscatedTextGen
{
    private const string LookAlikes = "аеорсухіјѕԁԛԝһАВЕКМНОРСТХЅІЈΑΒΕΖΗΙΚΜΝΟΡΤΥΧονακρ";
    private const string GenuineCyrillicGreek = "бвгджзийлмнпфцчшщъыьэюяБГДЖЗИЛПФЦЧШЩЭЮЯλπσωΔΣΩ";
    private const string ArabicLetters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويآأإٱىة";
    private const string ArabicMarks = "\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670\u0640";
    private const string Invisible = "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u180E\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u061C";
    private const string Spacing = " \t\n\r\u00A0\u3000-._";
    private const string Leet = "0134578@$!|";
    private const string Combining = "\u0300\u0301\u0302\u0303\u0308\u030A\u0327\u0333\u0483\u20DD\u3099";
    private const string Compatibility = "ﬁﬂﷺﻻ①Ⓐ㎏ｶﾞﾟ½™ᵃ\u2126\u212B";

    // Supplementary-plane starts: mathematical bold a/A, emoji, Deseret capital (has a lower case).
    private static readonly int[] AstralStarts = [0x1D41A, 0x1D400, 0x1F600, 0x10400];

    internal static readonly Gen<string> Post = Gen.Frequency(
            (6, AsciiWord()),
            (5, Gen.Char[Spacing].Select(c => c.ToString())),
            (3, FromChars(LookAlikes + "abcdehopsxy", 1, 6)),
            (1, FromChars(GenuineCyrillicGreek + LookAlikes, 1, 6)),
            (3, ArabicWord()),
            (2, Gen.Char[Invisible].Select(c => c.ToString())),
            (2, FromChars("ＡＢＣｄｅｆｇｈｉ０１２", 1, 5)),
            (2, Astral()),
            (2, Gen.Char[Combining].Select(c => c.ToString())),
            (1, FromChars(Combining + "\u0316\u0345\u200B", 20, 45)),
            (2, FromChars(Leet + "abdeinost", 2, 7)),
            (2, SpacedLetters()),
            (1, Gen.Char[Compatibility].Select(c => c.ToString())),
            (1, FromChars("àéîõüçñÀÉßøİ", 1, 3)),
            (1, FromChars("aaaabbbeee", 3, 6)),
            (1, Gen.OneOf("\uD800", "\uDC00", "2022", "#01", "I am a cat", "\u1100\u1161\u11A8")))
        .Array[0, 24]
        .Select(string.Concat);

    /// <summary>Several posts back to back, long enough for the vectorised paths.</summary>
    internal static readonly Gen<string> LongPost = Post.Array[4, 16].Select(string.Concat);

    private static Gen<string> AsciiWord() =>
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].Array[1, 9].Select(a => new string(a));

    private static Gen<string> FromChars(string chars, int min, int max) =>
        Gen.Char[chars].Array[min, max].Select(a => new string(a));

    private static Gen<string> ArabicWord() =>
        Gen.Frequency((3, Gen.Char[ArabicLetters]), (2, Gen.Char[ArabicMarks]), (1, Gen.Char["\u0660\u0665\u06F0\u06F9"]))
            .Array[1, 8]
            .Select(a => new string(a));

    private static Gen<string> Astral() =>
        Gen.Select(Gen.Int[0, AstralStarts.Length - 1], Gen.Int[0, 25], (which, offset) => char.ConvertFromUtf32(AstralStarts[which] + offset));

    private static Gen<string> SpacedLetters() =>
        Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0134"].Array[3, 8], Gen.Char[" -._"], (letters, separator) =>
        {
            var sb = new StringBuilder();
            foreach (char c in letters)
            {
                if (sb.Length > 0)
                {
                    sb.Append(separator);
                }

                sb.Append(c);
            }

            return sb.ToString();
        });
}
