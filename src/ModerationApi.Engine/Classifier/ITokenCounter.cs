namespace ModerationApi.Engine.Classifier;

/// <summary>Counts a text's word-piece tokens, without [CLS]/[SEP] and without truncation.</summary>
/// <remarks>
/// An interface so that window building can be tested without the model. Implementations must be additive over
/// whitespace: the count of "a b" is the count of "a" plus the count of "b" (true of BERT tokenisation, which splits at
/// whitespace and punctuation before word pieces).
/// </remarks>
internal interface ITokenCounter
{
    int CountTokens(ReadOnlySpan<char> text);
}
