namespace ModerationApi.Engine.Classifier;

/// <summary>Tells whether the English encoder can read a text: most of its letters must be Latin.</summary>
internal static class ScriptDetector
{
    /// <summary>True when fewer than half of the letters are Latin (Arabic, Cyrillic, CJK ... become [UNK] tokens).</summary>
    public static bool IsMostlyUnreadable(ReadOnlySpan<char> text)
    {
        int letters = 0, latin = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            if (c < '\u0250')
            {
                latin++;
            }
        }

        return letters > 0 && latin * 2 < letters;
    }
}
