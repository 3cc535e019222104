namespace ModerationApi.Engine.Languages;

/// <summary>The writing systems the language router tells apart.</summary>
internal enum WritingScript
{
    /// <summary>Not a letter, or a script not listed here.</summary>
    Other,

    /// <summary>Latin letters (English, French, German, Turkish ...).</summary>
    Latin,

    /// <summary>Arabic letters (Arabic, Persian, Urdu).</summary>
    Arabic,

    /// <summary>Cyrillic letters.</summary>
    Cyrillic,

    /// <summary>Greek letters.</summary>
    Greek,

    /// <summary>Hebrew letters.</summary>
    Hebrew,

    /// <summary>Chinese characters (also used in Japanese).</summary>
    Han,

    /// <summary>Hiragana and katakana.</summary>
    Kana,

    /// <summary>Korean Hangul.</summary>
    Hangul,

    /// <summary>Devanagari.</summary>
    Devanagari,

    /// <summary>Thai.</summary>
    Thai,
}
