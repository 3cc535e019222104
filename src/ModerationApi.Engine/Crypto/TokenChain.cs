namespace ModerationApi.Engine.Crypto;

/// <summary>
/// A sliding window over consecutive candidate words separated by short whitespace gaps. Each word is, once, the start
/// of a join attempt that looks at most <see cref="Capacity"/> words ahead, which keeps the scan linear however the
/// text is built.
/// </summary>
internal ref struct TokenChain
{
    /// <summary>Most pieces a split address may have: a 106-character integrated address in groups of 4 is 27.</summary>
    internal const int Capacity = 32;

    // Capacity is a power of two, so ring positions wrap with a mask instead of a division.
    private const int Mask = Capacity - 1;

    private const int Monero = 1;
    private const int Base58Check = 2;
    private const int Ethereum = 4;
    private const int Bech32Lower = 8;
    private const int Bech32Upper = 16;
    private const int AnyBech32 = Bech32Lower | Bech32Upper;

    private readonly string _text;
    private readonly Span<ChainToken> _window;
    private readonly ScanWorkCounter? _work;
    private int _head;
    private int _count;

    // Tokens in the window holding a digit: without one, no join can be a candidate, only a long enough word alone.
    private int _digitTokens;

    internal TokenChain(string text, Span<ChainToken> window, ScanWorkCounter? work)
    {
        if (window.Length != Capacity)
        {
            throw new ArgumentException($"The window must hold exactly {Capacity} tokens.", nameof(window));
        }

        _text = text;
        _window = window;
        _work = work;
    }

    /// <summary>Addresses found so far, in text order; null until the first one.</summary>
    internal List<CryptoAddressMatch>? Matches { get; private set; }

    /// <summary>Adds the next word of the current chain.</summary>
    internal void Append(ChainToken token)
    {
        if (_count == _window.Length)
        {
            ProcessFront();
        }

        _window[(_head + _count) & Mask] = token;
        _count++;
        if (token.HasDigit)
        {
            _digitTokens++;
        }
    }

    /// <summary>Ends the current chain: every remaining word gets its turn as a start.</summary>
    internal void Flush()
    {
        while (_count > 0)
        {
            ProcessFront();
        }
    }

    private readonly ChainToken At(int offset) => _window[(_head + offset) & Mask];

    private void Drop(int tokens)
    {
        for (var k = 0; k < tokens; k++)
        {
            if (At(k).HasDigit)
            {
                _digitTokens--;
            }
        }

        _head = (_head + tokens) & Mask;
        _count -= tokens;
    }

    private void ProcessFront()
    {
        var first = At(0);

        // Most words of prose: a join needs a digit somewhere in it and a word alone needs the shortest address
        // length, so with neither no candidate can come out of the loop below and the word is done.
        if (_digitTokens == 0 && first.Length < CryptoAddressValidator.MinLength)
        {
            Drop(1);
            return;
        }

        ProcessJoins(first);
    }

    // Kept apart from the check above: its stackalloc makes a heavier frame than most words should pay for.
    private void ProcessJoins(ChainToken first)
    {
        var families = StartFamilies(first);
        if (families == 0)
        {
            Drop(1);
            return;
        }

        // Joins whose length could be an address; each has a distinct length, so there are few.
        Span<int> candidateEnds = stackalloc int[Capacity];
        var found = 0;
        var total = 0;
        var hasDigit = false;
        for (var k = 0; k < _count; k++)
        {
            var token = At(k);
            if (k > 0)
            {
                families &= FamiliesAllowing(token.Classes);
            }

            total += token.Length;
            hasDigit |= token.HasDigit;
            if (_work is not null)
            {
                _work.JoinSteps++;
            }

            if (families == 0 || total > MaxLength(families))
            {
                break;
            }

            // Ordinary prose is made of base58-clean words too; real split addresses virtually always contain a
            // digit (most formats start with one), so digit-free joins are not worth a decode.
            if (LengthFits(families, total, multiPiece: k > 0) && (k == 0 || hasDigit))
            {
                candidateEnds[found++] = k;
            }
        }

        // Longest first: a valid join of more pieces wins over a valid shorter one.
        for (var f = found - 1; f >= 0; f--)
        {
            var last = candidateEnds[f];
            if (TryValidate(first, last, out var address))
            {
                var end = At(last).End;
                (Matches ??= []).Add(new CryptoAddressMatch(first.Start, end, address, Rejoined: last > 0));
                Drop(last + 1);
                return;
            }
        }

        Drop(1);
    }

    private readonly bool TryValidate(ChainToken first, int last, out CryptoAddress address)
    {
        Span<char> joined = stackalloc char[CryptoAddressValidator.MaxLength];
        var length = 0;
        for (var k = 0; k <= last; k++)
        {
            var token = At(k);
            _text.AsSpan(token.Start, token.Length).CopyTo(joined[length..]);
            length += token.Length;
        }

        if (_work is not null)
        {
            _work.ValidationAttempts++;
            _work.CharactersValidated += length;
        }

        address = null!;
        if (!CryptoAddressValidator.TryParse(joined[..length], out var parsed)
            || (parsed.Asset == CryptoAsset.Ethereum && first.InUrlPath))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private readonly int StartFamilies(ChainToken first)
    {
        if (first.Length > CryptoAddressValidator.MaxLength)
        {
            return 0;
        }

        var word = _text.AsSpan(first.Start, first.Length);
        var families = 0;
        if ((first.Classes & AddressCharClasses.Base58) != 0)
        {
            if (MoneroAddressCodec.IsPossibleFirstCharacter(word[0]))
            {
                families |= Monero;
            }

            if (Base58CheckCodec.IsPossibleFirstCharacter(word[0]))
            {
                families |= Base58Check;
            }
        }

        // Both remaining heads hold a digit ("0x", and the '1' separator of every supported bech32 prefix), so the
        // words of ordinary prose skip their prefix comparisons.
        if (!first.HasDigit)
        {
            return families;
        }

        // A hex string in a URL path is a contract or token id (NFT marketplaces, explorers), not a payment address.
        if (!first.InUrlPath && IsEthereumHead(word))
        {
            families |= Ethereum;
        }

        return families | Bech32Head(word);
    }

    private static bool IsEthereumHead(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || word.Length > EthereumAddressCodec.Length || word[0] != '0' || word[1] != 'x')
        {
            return false;
        }

        foreach (var c in word[2..])
        {
            if ((AddressCharClasses.Of(c) & AddressCharClasses.Hex) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int Bech32Head(ReadOnlySpan<char> word)
    {
        var prefix = SegwitAddressCodec.SupportedPrefixLength(word);
        if (prefix == 0 || word.Length > Bech32.MaxLength)
        {
            return 0;
        }

        var upper = char.IsAsciiLetterUpper(word[0]);
        foreach (var c in word[..prefix])
        {
            if (char.IsAsciiLetter(c) && char.IsAsciiLetterUpper(c) != upper)
            {
                return 0;
            }
        }

        var required = upper ? AddressCharClasses.Bech32Upper : AddressCharClasses.Bech32Lower;
        foreach (var c in word[prefix..])
        {
            if ((AddressCharClasses.Of(c) & required) == 0)
            {
                return 0;
            }
        }

        return upper ? Bech32Upper : Bech32Lower;
    }

    private static int FamiliesAllowing(byte classes)
    {
        var families = 0;
        if ((classes & AddressCharClasses.Base58) != 0)
        {
            families |= Monero | Base58Check;
        }

        if ((classes & AddressCharClasses.Hex) != 0)
        {
            families |= Ethereum;
        }

        if ((classes & AddressCharClasses.Bech32Lower) != 0)
        {
            families |= Bech32Lower;
        }

        if ((classes & AddressCharClasses.Bech32Upper) != 0)
        {
            families |= Bech32Upper;
        }

        return families;
    }

    private static int MaxLength(int families)
    {
        if ((families & Monero) != 0)
        {
            return MoneroAddressCodec.IntegratedLength;
        }

        if ((families & AnyBech32) != 0)
        {
            return Bech32.MaxLength;
        }

        return (families & Ethereum) != 0 ? EthereumAddressCodec.Length : Base58CheckCodec.MaxLength;
    }

    // Split addresses are only tried at the lengths real addresses have (P2PKH 33-34, other base58check 34-35,
    // P2WPKH/P2WSH/P2TR 42/62 plus one per extra HRP letter); whole words may have any length their format allows.
    private static bool LengthFits(int families, int total, bool multiPiece)
    {
        if ((families & Monero) != 0 && total is MoneroAddressCodec.StandardLength or MoneroAddressCodec.IntegratedLength)
        {
            return true;
        }

        if ((families & Base58Check) != 0
            && (multiPiece ? total is >= 33 and <= Base58CheckCodec.MaxLength : total is >= Base58CheckCodec.MinLength and <= Base58CheckCodec.MaxLength))
        {
            return true;
        }

        if ((families & Ethereum) != 0 && total == EthereumAddressCodec.Length)
        {
            return true;
        }

        return (families & AnyBech32) != 0
            && (multiPiece ? total is (>= 42 and <= 44) or (>= 62 and <= 64) : total is >= SegwitAddressCodec.MinLength and <= Bech32.MaxLength);
    }
}
