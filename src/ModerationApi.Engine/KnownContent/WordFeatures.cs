namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// Reads the features of a folded text in order: for every word, the mixed hash of the word and then, from the second
/// word on, the mixed hash of the pair it forms with the previous word. Words right after <c>#</c> or <c>@</c> are
/// skipped as if absent. <see cref="SimHash"/> and <see cref="ContentFingerprint"/> both read features through this,
/// so a fingerprint's SimHash always equals <see cref="SimHash.Compute"/> of the same text.
/// </summary>
internal ref struct WordFeatures(ReadOnlySpan<char> folded)
{
    private readonly ReadOnlySpan<char> _folded = folded;
    private int _position;
    private ulong _previousWord;
    private ulong _pendingPair;
    private bool _hasPendingPair;

    /// <summary>The number of words read so far.</summary>
    public int Words { get; private set; }

    /// <summary>Reads the next feature.</summary>
    /// <param name="feature">The mixed feature hash.</param>
    /// <returns>False at the end of the text.</returns>
    public bool TryRead(out ulong feature)
    {
        if (_hasPendingPair)
        {
            _hasPendingPair = false;
            feature = _pendingPair;
            return true;
        }

        while (_position < _folded.Length)
        {
            if (!char.IsLetterOrDigit(_folded[_position]))
            {
                _position++;
                continue;
            }

            var start = _position;
            while (_position < _folded.Length && SimHash.IsWordChar(_folded, _position))
            {
                _position++;
            }

            if (start > 0 && _folded[start - 1] is '#' or '@')
            {
                continue;
            }

            var word = SimHash.WordHash(_folded[start.._position]);
            if (Words > 0)
            {
                _pendingPair = SimHash.Mix(SimHash.PairHash(_previousWord, word));
                _hasPendingPair = true;
            }

            _previousWord = word;
            Words++;
            feature = SimHash.Mix(word);
            return true;
        }

        feature = 0;
        return false;
    }
}
