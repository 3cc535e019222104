namespace ModerationApi.Engine.KnownContent;

/// <summary>A bank entry a post matched.</summary>
/// <param name="Entry">The confirmed content.</param>
/// <param name="Distance">Hamming distance between the SimHashes; 0 for an exact match.</param>
/// <param name="Exact">True when the canonical texts hash the same.</param>
/// <param name="Similarity">Jaccard similarity of the word shingles (words and adjacent word pairs); 1 for an exact match.</param>
internal sealed record KnownContentMatch(KnownContentEntry Entry, int Distance, bool Exact, double Similarity);
