using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModerationApi.Engine.Crypto;
using ModerationApi.Engine.Normalization;

namespace ModerationApi.Engine.Rules;

/// <summary>
/// An immutable, loaded generation of the rule sets: the lexicon automata, the crypto settings and the sanctions lists,
/// versioned by a hash of their content. Thread-safe; swapped whole on reload.
/// </summary>
public sealed class CompiledRules
{
    private static readonly string[] UriTextParameters = ["tx_description", "recipient_name"];
    private readonly TextNormalizer _normalizer;
    private readonly LexiconMatcher _folded;
    private readonly LexiconMatcher _caseSensitive;
    private readonly PatternInfo[] _foldedPatterns;
    private readonly PatternInfo[] _casePatterns;
    private readonly HashSet<CryptoAsset> _assets;
    private readonly double _addressWeight;
    private readonly double _uriWeight;
    private readonly double _sanctionedWeight;
    private readonly double _nftLinkWeight;
    private readonly SanctionsList _sanctions;

    private CompiledRules(
        TextNormalizer normalizer,
        IReadOnlyList<RuleFile> files,
        SanctionsList sanctions,
        List<(string Pattern, PatternInfo Info)> folded,
        List<(string Pattern, PatternInfo Info)> caseSensitive,
        HashSet<CryptoAsset> assets,
        double addressWeight,
        double uriWeight,
        double sanctionedWeight,
        double nftLinkWeight,
        int requestWindow,
        double reportingDamping)
    {
        _normalizer = normalizer;
        Files = files;
        _sanctions = sanctions;
        _folded = new LexiconMatcher(folded.ConvertAll(p => p.Pattern));
        _foldedPatterns = [.. folded.Select(p => p.Info)];
        _caseSensitive = new LexiconMatcher(caseSensitive.ConvertAll(p => p.Pattern));
        _casePatterns = [.. caseSensitive.Select(p => p.Info)];
        _assets = assets;
        _addressWeight = addressWeight;
        _uriWeight = uriWeight;
        _sanctionedWeight = sanctionedWeight;
        _nftLinkWeight = nftLinkWeight;
        RequestWindow = requestWindow;
        ReportingDamping = reportingDamping;
        Version = ComputeVersion(files, sanctions);
    }

    /// <summary>The rule id of <c>monero:</c> URI evidence.</summary>
    public const string MoneroUriRuleId = "crypto.monero-uri";

    /// <summary>The rule files of this generation, in load order.</summary>
    public IReadOnlyList<RuleFile> Files { get; }

    /// <summary>The number of sanctioned addresses loaded.</summary>
    public int SanctionedAddressCount => _sanctions.Count;

    /// <summary>First 12 hex digits of the SHA-256 over every rule file and sanctions list.</summary>
    public string Version { get; }

    /// <summary>How many characters may separate a donation request from the address or coin it asks for.</summary>
    public int RequestWindow { get; }

    /// <summary>The factor applied to lexicon-based scores when the post is framed as news, research or counter-speech.</summary>
    public double ReportingDamping { get; }

    /// <summary>Loads every <c>*.rules</c> file of a folder, and optionally a sanctions folder.</summary>
    /// <exception cref="RuleFileException">A file is invalid; the message names file and line.</exception>
    internal static CompiledRules Load(TextNormalizer normalizer, string rulesDirectory, string? sanctionsDirectory = null)
    {
        if (!Directory.Exists(rulesDirectory))
        {
            throw new RuleFileException(rulesDirectory, 0, "rules folder does not exist");
        }

        var files = Directory.GetFiles(rulesDirectory, "*.rules")
            .Order(StringComparer.Ordinal)
            .Select(path => RuleFile.Parse(Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
        var sanctions = string.IsNullOrWhiteSpace(sanctionsDirectory) ? SanctionsList.Empty : SanctionsList.Load(sanctionsDirectory);
        return Build(normalizer, files, sanctions);
    }

    /// <summary>Builds a generation from parsed files (used by tests and by <see cref="Load"/>).</summary>
    /// <exception cref="RuleFileException">The files are inconsistent; the message names file and line.</exception>
    // Long on purpose: the cross-file checks (duplicate ids, unknown sections) and the matcher inputs are gathered in
    // one walk over the files, in file order, so an error names the first offending file and line.
    internal static CompiledRules Build(TextNormalizer normalizer, IReadOnlyList<RuleFile> files, SanctionsList sanctions)
    {
        if (files.Count == 0)
        {
            throw new RuleFileException("(rules)", 0, "no rule files found");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var folded = new List<(string, PatternInfo)>();
        var caseSensitive = new List<(string, PatternInfo)>();
        var assets = new HashSet<CryptoAsset>();
        double addressWeight = 0.2, uriWeight = 0.55, sanctionedWeight = 0.75, nftLinkWeight = 0.6;
        var window = 200;
        var damping = 0.35;
        foreach (var file in files)
        {
            if (!ids.Add(file.Id))
            {
                throw new RuleFileException(file.FileName, 0, $"rule set id '{file.Id}' is used by another file");
            }

            if (file.Header.ContainsKey("request-window"))
            {
                window = (int)file.HeaderNumber("request-window", window);
            }

            if (file.Header.ContainsKey("reporting-damping"))
            {
                damping = file.HeaderNumber("reporting-damping", damping);
            }

            foreach (var section in file.Sections)
            {
                var kind = ParseKind(file, section);
                var weight = Weight(section, 0.5);
                var ruleId = $"{file.Id}.{section.Name}";
                section.Attributes.TryGetValue("group", out var group);
                switch (kind)
                {
                    case SignalKind.Address:
                        addressWeight = weight;
                        foreach (var term in section.Terms)
                        {
                            if (!Enum.TryParse<CryptoAsset>(term.Text, ignoreCase: true, out var asset))
                            {
                                throw new RuleFileException(file.FileName, term.Line, $"unknown asset '{term.Text}' (known: {string.Join(", ", Enum.GetNames<CryptoAsset>())})");
                            }

                            assets.Add(asset);
                        }

                        continue;
                    case SignalKind.MoneroUri:
                        uriWeight = weight;
                        continue;
                    case SignalKind.Sanctioned:
                        sanctionedWeight = weight;
                        continue;
                    case SignalKind.NftLink:
                        nftLinkWeight = weight;
                        break;
                }

                foreach (var term in section.Terms)
                {
                    var info = new PatternInfo(kind, ruleId, weight, term.Text, group);
                    if (term.CaseSensitive)
                    {
                        caseSensitive.Add((term.Text, info));
                        continue;
                    }

                    var pattern = normalizer.Fold(term.Text).Text.Trim();
                    if (pattern.Length == 0)
                    {
                        throw new RuleFileException(file.FileName, term.Line, "the term is empty after normalisation");
                    }

                    folded.Add((pattern, info));
                }
            }
        }

        return new CompiledRules(normalizer, files, sanctions, folded, caseSensitive, assets, addressWeight, uriWeight, sanctionedWeight, nftLinkWeight, window, damping);
    }

    /// <summary>Runs every rule set over the canonical view of a post.</summary>
    internal List<RuleSignal> Evaluate(NormalizedText canonical)
    {
        var signals = new List<RuleSignal>();
        var text = canonical.Text;
        var seen = new HashSet<(int, int, SignalKind)>();
        MatchLexicons(text, signals, seen);
        AddCrypto(text, signals, seen);
        NftLinks.AddContractTokenIds(text, signals, _nftLinkWeight);
        MarkQuoted(text, signals);
        return signals;
    }

    // Whether a phrase is used or quoted is for the policy to weigh; the rules only say where the quotation marks are. A
    // post that is mostly quotation (an appeal forwarded whole, a list of slogans) speaks in its quotes' voice: none of
    // its hits is marked.
    private static void MarkQuoted(string text, List<RuleSignal> signals)
    {
        if (signals.Count == 0 || !QuotedSpans.MayQuote(text))
        {
            return;
        }

        var spans = QuotedSpans.Find(text);
        var quoted = 0;
        foreach (var (start, end) in spans)
        {
            quoted += end - start;
        }

        if (spans.Count == 0 || quoted * 2 >= text.Length)
        {
            return;
        }

        for (var i = 0; i < signals.Count; i++)
        {
            if (QuotedSpans.Contains(spans, signals[i].Start, signals[i].End))
            {
                signals[i] = signals[i] with { Quoted = true };
            }
        }
    }

    // Lexicon terms over the folded view of a canonical text (case-sensitive terms over the text itself), as signals
    // with offsets in that text.
    private void MatchLexicons(string text, List<RuleSignal> signals, HashSet<(int, int, SignalKind)> seen)
    {
        var folded = _normalizer.Fold(text);
        var state = new MatchState(folded, text, signals, seen, _foldedPatterns, mapThroughFold: true);
        _folded.Match(folded.Text, ref state, OnMatch);
        if (_casePatterns.Length > 0)
        {
            var caseState = new MatchState(folded, text, signals, seen, _casePatterns, mapThroughFold: false);
            _caseSensitive.Match(text, ref caseState, OnMatch);
        }
    }

    private void AddCrypto(string text, List<RuleSignal> signals, HashSet<(int, int, SignalKind)> seen)
    {
        if (_assets.Count == 0)
        {
            return;
        }

        var scan = CryptoAddressScanner.Scan(text);
        foreach (var uri in scan.MoneroUris)
        {
            AddUriWords(uri, text, signals, seen);
            // Parameter values, and names outside the scheme's own, are the poster's words: the cacheable assessment
            // names only the scheme's parameters and counts the rest; values are decoded when the verdict is rendered.
            var detail = MoneroUriParameters.Describe(uri.Parameters.Keys);
            signals.Add(new RuleSignal(SignalKind.MoneroUri, MoneroUriRuleId, uri.Start, uri.End, _uriWeight, detail));
        }

        foreach (var match in scan.Addresses)
        {
            var address = match.Address;
            if (!_assets.Contains(address.Asset))
            {
                continue;
            }

            var detail = address.Describe() + (match.Rejoined ? ", re-joined from pieces" : string.Empty);
            signals.Add(new RuleSignal(SignalKind.Address, $"crypto.address.{AssetId(address.Asset)}", match.Start, match.End, _addressWeight, detail,
                match.Rejoined ? TextTransforms.Spacing : TextTransforms.None));
            if (_sanctions.TryFind(address.Value, out var list))
            {
                signals.Add(new RuleSignal(SignalKind.Sanctioned, "sanctions.address", match.Start, match.End, _sanctionedWeight,
                    $"{address.Describe()}, listed in sanctions list {list}"));
            }
        }
    }

    // A payment URI's description and recipient name are the poster's words, percent-encoded, so the lexicons never see
    // them in the post's own text ("free%20the%20prisoners"). They are read decoded, and each match is evidence at the
    // encoded characters it came from.
    private void AddUriWords(MoneroUriMatch uri, string text, List<RuleSignal> signals, HashSet<(int, int, SignalKind)> seen)
    {
        foreach (var key in UriTextParameters)
        {
            if (!uri.ValueSpans.TryGetValue(key, out var span) || span.End <= span.Start)
            {
                continue;
            }

            var decoded = PercentDecodedText.Decode(text, span.Start, span.End);
            if (string.IsNullOrWhiteSpace(decoded.Text))
            {
                continue;
            }

            var canonical = _normalizer.Canonicalize(decoded.Text);
            var inner = new List<RuleSignal>();
            MatchLexicons(canonical.Text, inner, []);

            foreach (var s in inner)
            {
                var (start, end) = canonical.MapToOriginal(s.Start, s.End);
                (start, end) = decoded.MapToSource(start, end);
                if (s.Kind != SignalKind.NftLink && seen.Add((start, end, s.Kind)))
                {
                    var transforms = s.Transforms | canonical.TransformsIn(s.Start, s.End) | TextTransforms.UrlDecoding;
                    signals.Add(s with { Start = start, End = end, Transforms = transforms });
                }
            }
        }
    }

    private static string AssetId(CryptoAsset asset) => asset switch
    {
        CryptoAsset.Monero => "xmr",
        CryptoAsset.Bitcoin => "btc",
        CryptoAsset.Ethereum => "eth",
        CryptoAsset.Tron => "trx",
        CryptoAsset.Litecoin => "ltc",
        CryptoAsset.Dash => "dash",
        CryptoAsset.Zcash => "zec",
        _ => asset.ToString().ToLowerInvariant(),
    };

    private static void OnMatch(ref MatchState state, int pattern, int start, int end)
    {
        var view = state.MapThroughFold ? state.Folded.Text : state.Canonical;
        var info = state.Patterns[pattern];
        if (!IsWordBoundary(view, start, end))
        {
            return;
        }

        int cStart = start, cEnd = end;
        var transforms = TextTransforms.None;
        if (state.MapThroughFold)
        {
            (cStart, cEnd) = state.Folded.MapToOriginal(start, end);
            transforms = state.Folded.TransformsIn(start, end);
        }

        if (info.Kind == SignalKind.NftLink)
        {
            (cStart, cEnd) = NftLinks.ExpandToUrl(state.Canonical, cStart, cEnd);
        }

        if (!state.Seen.Add((cStart, cEnd, info.Kind)))
        {
            return;
        }

        state.Signals.Add(new RuleSignal(info.Kind, info.RuleId, cStart, cEnd, info.Weight, info.Detail, transforms, info.Group));
    }

    // A term must stand as a word: letters or digits at its edge may not continue into the text. Arabic terms may carry
    // a one- or two-letter proclitic (wa-, fa-, bi-, li-, ka-, al-), because Arabic writes those attached to the word.
    private static bool IsWordBoundary(string text, int start, int end)
    {
        if (start > 0 && char.IsLetterOrDigit(text[start]) && char.IsLetterOrDigit(text[start - 1]) && !IsArabicProclitic(text, start))
        {
            return false;
        }

        return end >= text.Length || !char.IsLetterOrDigit(text[end - 1]) || !char.IsLetterOrDigit(text[end]);
    }

    private static bool IsArabicProclitic(string text, int start)
    {
        if (!IsArabicLetter(text[start]))
        {
            return false;
        }

        var wordStart = start;
        while (wordStart > 0 && IsArabicLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var prefix = text.AsSpan(wordStart, start - wordStart);
        return prefix is "و" or "ف" or "ب" or "ل" or "ك" or "ال" or "وال" or "بال" or "فال" or "كال" or "لل" or "ول" or "وب";
    }

    private static bool IsArabicLetter(char c) => c is >= '\u0620' and <= '\u064A' or >= '\u066E' and <= '\u06D3';

    private static SignalKind ParseKind(RuleFile file, RuleSection section)
    {
        var pascal = string.Concat(section.Name.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        if (!Enum.TryParse<SignalKind>(pascal, ignoreCase: false, out var kind))
        {
            var line = section.Terms.Count > 0 ? section.Terms[0].Line - 1 : 0;
            var known = string.Join(", ", Enum.GetNames<SignalKind>().Select(ToKebab));
            throw new RuleFileException(file.FileName, line, $"unknown section [{section.Name}] (known: {known})");
        }

        return kind;
    }

    private static string ToKebab(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static double Weight(RuleSection section, double fallback) =>
        section.Attributes.TryGetValue("weight", out var w) ? double.Parse(w, CultureInfo.InvariantCulture) : fallback;

    private static string ComputeVersion(IReadOnlyList<RuleFile> files, SanctionsList sanctions)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.FileName + "\n"));
            foreach (var (key, value) in file.Header.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"@{key} {value}\n"));
            }

            foreach (var section in file.Sections)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"[{section.Name} {string.Join(' ', section.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value))}]\n"));
                foreach (var term in section.Terms)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(term.Text + (term.CaseSensitive ? "|case\n" : "\n")));
                }
            }
        }

        hash.AppendData(Encoding.UTF8.GetBytes(sanctions.ContentFingerprint));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private readonly record struct PatternInfo(SignalKind Kind, string RuleId, double Weight, string Term, string? Group)
    {
        // Built once per term, not per match: a post repeating a term would otherwise format it per repetition.
        public string Detail { get; } = $"matched \"{Term}\"";
    }

    private readonly struct MatchState(NormalizedText folded, string canonical, List<RuleSignal> signals, HashSet<(int, int, SignalKind)> seen, PatternInfo[] patterns, bool mapThroughFold)
    {
        public HashSet<(int, int, SignalKind)> Seen { get; } = seen;
        public NormalizedText Folded { get; } = folded;
        public string Canonical { get; } = canonical;
        public List<RuleSignal> Signals { get; } = signals;
        public PatternInfo[] Patterns { get; } = patterns;
        public bool MapThroughFold { get; } = mapThroughFold;
    }
}
