namespace ModerationApi.Engine.Normalization;

/// <summary>The obfuscation-undoing transforms that contributed to a character of a normalised text.</summary>
[Flags]
public enum TextTransforms
{
    /// <summary>The character was copied unchanged (apart from lower-casing in the folded view).</summary>
    None = 0,

    /// <summary>NFKC changed it (fullwidth, mathematical, circled letters, ligatures, presentation forms, composition).</summary>
    Compatibility = 1,

    /// <summary>A zero-width character or soft hyphen was removed at or right before it.</summary>
    ZeroWidth = 2,

    /// <summary>A bidirectional control character was removed at or right before it.</summary>
    Bidi = 4,

    /// <summary>A Cyrillic or Greek look-alike was folded to the Latin letter it imitates.</summary>
    Confusable = 8,

    /// <summary>A leetspeak digit or symbol was read as the letter it imitates.</summary>
    Leet = 16,

    /// <summary>Spaced, hyphenated, dotted or underscored single letters were joined, or whitespace was collapsed.</summary>
    Spacing = 32,

    /// <summary>A run of three or more identical letters was collapsed to one.</summary>
    Repeat = 64,

    /// <summary>Arabic folding: alef and yeh variants, teh marbuta, tatweel, harakat or Arabic-Indic digits.</summary>
    Arabic = 128,

    /// <summary>A Latin diacritic or stray combining mark was dropped.</summary>
    Diacritics = 256,

    /// <summary>The match is in a payment URI's percent-encoded description or recipient name, read decoded.</summary>
    UrlDecoding = 512,
}
