using ModerationApi.Engine.Policy;
using ModerationApi.Training;

namespace ModerationApi.Cli;

/// <summary>
/// How each data set's labels become targets for the two model heads, and how much each row counts. The choices are
/// the model card's: clean positives count fully; account-level ISIS tweets (many are news relays or chat) and forum
/// hate (hateful but not always propaganda) count a little; everything that discusses extremism without promoting it
/// is a negative.
/// </summary>
internal static class TrainingLabels
{
    public static IReadOnlyList<string> Heads { get; } = [Labels.ExtremistPropaganda, Labels.TerroristFinancing];

    /// <summary>The data file (source) of the MIWS research quotes.</summary>
    public const string MiwsSource = "miws_extremist_quotes";

    private static readonly HashSet<string> Benign = new(StringComparer.Ordinal)
    {
        "news", "news_terrorism", "charity_appeal", "benign", "far_right_forum_nohate", "benign_crypto_donation",

        // Multitarget-CONAN replies that name a hateful trope and oppose it: stance negatives.
        "counter_speech",
    };

    /// <summary>The label a Stormfront hate sentence gets when the relabel file calls it propaganda.</summary>
    public const string RelabelledPropaganda = "extremist_propaganda";

    /// <summary>The label a Stormfront hate sentence gets when the relabel file calls it hate that is not propaganda.</summary>
    public const string RelabelledHate = "far_right_hate_not_propaganda";

    /// <summary>The label a pro-ISIS account's tweet gets when the relabel file calls it not propaganda.</summary>
    public const string RelabelledProIsisNot = "pro_isis_not_propaganda";

    /// <summary>The data file (source) of the account-labelled pro-ISIS tweets.</summary>
    public const string ProIsisSource = "pro_isis_accounts";

    private static readonly HashSet<string> Propaganda = new(StringComparer.Ordinal)
    {
        "extremist_propaganda", "extremist_recruitment", "extremist_radicalization",
    };

    /// <summary>Targets (propaganda, financing) and weight of a row, with the shipped source weights.</summary>
    public static (LabelTarget[] Targets, float Weight) For(LabelledPost row) => For(row, SourceWeights.Default);

    /// <summary>Targets (propaganda, financing) and weight of a row.</summary>
    public static (LabelTarget[] Targets, float Weight) For(LabelledPost row, SourceWeights weights)
    {
        if (Benign.Contains(row.Label))
        {
            return ([LabelTarget.Negative, LabelTarget.Negative], 1f);
        }

        if (Propaganda.Contains(row.Label))
        {
            return ([LabelTarget.Positive, LabelTarget.Negative], row.Source == MiwsSource ? weights.MiwsQuote : 1f);
        }

        return row.Label switch
        {
            Labels.TerroristFinancing => ([LabelTarget.Unknown, LabelTarget.Positive], 1f),
            "far_right_hate" => ([LabelTarget.Positive, LabelTarget.Unknown], weights.ForumHate),
            "pro_isis_account" => ([LabelTarget.Positive, LabelTarget.Unknown], weights.ProIsisAccount),
            RelabelledHate when weights.RelabelledHate > 0 => ([LabelTarget.Negative, LabelTarget.Unknown], weights.RelabelledHate),
            RelabelledHate => ([LabelTarget.Unknown, LabelTarget.Unknown], 0f),
            RelabelledProIsisNot when weights.ProIsisNotPropaganda > 0 => ([LabelTarget.Negative, LabelTarget.Unknown], weights.ProIsisNotPropaganda),
            RelabelledProIsisNot => ([LabelTarget.Unknown, LabelTarget.Unknown], 0f),

            // Multitarget-CONAN hateful statements: hateful, mostly not propaganda or calls to violence, so neither a
            // propaganda positive nor a stance negative; left out.
            "hate_speech" => ([LabelTarget.Unknown, LabelTarget.Unknown], 0f),
            _ => throw new InvalidDataException($"{row.Source}: unknown label '{row.Label}' (row {row.Id})"),
        };
    }

    /// <summary>Reads a relabel file (the Stormfront hate sentences, the pro-ISIS tweets): a TSV with a header, then id and verdict.</summary>
    public static Dictionary<string, string> ReadRelabel(string tsvPath)
    {
        var verdicts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(tsvPath).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 2)
            {
                verdicts[parts[0]] = parts[1].Trim();
            }
        }

        return verdicts;
    }

    /// <summary>
    /// Applies the second reading of the Stormfront hate sentences (verdict <c>propaganda</c>, <c>hate</c> or
    /// <c>unclear</c> by id): propaganda becomes a propaganda positive, hate a separate label (left out or a negative,
    /// by <see cref="SourceWeights.RelabelledHate"/>), unclear stays forum hate (a weak positive, weight
    /// <see cref="SourceWeights.ForumHate"/>).
    /// </summary>
    public static List<LabelledPost> Relabel(List<LabelledPost> rows, IReadOnlyDictionary<string, string> verdicts) =>
        rows.ConvertAll(r => r.Label != "far_right_hate" || !verdicts.TryGetValue(r.Id, out var verdict) ? r : verdict switch
        {
            "propaganda" => r with { Label = RelabelledPropaganda },
            "hate" => r with { Label = RelabelledHate },
            "unclear" => r,
            _ => throw new InvalidDataException($"unknown relabel verdict '{verdict}' for {r.Id}"),
        });

    /// <summary>
    /// Applies a reading by tweet of the account-labelled pro-ISIS tweets (verdict <c>propaganda</c>, <c>not</c> or
    /// <c>unclear</c> by id): propaganda becomes a clean propaganda positive, not a separate label (left out or a
    /// negative, by <see cref="SourceWeights.ProIsisNotPropaganda"/>), unclear stays account-labelled (weak, filtered).
    /// </summary>
    public static List<LabelledPost> RelabelProIsis(List<LabelledPost> rows, IReadOnlyDictionary<string, string> verdicts) =>
        rows.ConvertAll(r => r.Source != ProIsisSource || r.Label != "pro_isis_account" || !verdicts.TryGetValue(r.Id, out var verdict) ? r : verdict switch
        {
            "propaganda" => r with { Label = RelabelledPropaganda },
            "not" => r with { Label = RelabelledProIsisNot },
            "unclear" => r,
            _ => throw new InvalidDataException($"unknown pro-ISIS relabel verdict '{verdict}' for {r.Id}"),
        });

    /// <summary>Clean positives: the ones thresholds are calibrated for.</summary>
    public static bool IsCleanPositive(LabelledPost row, int head) =>
        head == 0 ? Propaganda.Contains(row.Label) : row.Label == Labels.TerroristFinancing;

    /// <summary>The negative group a row belongs to for per-source calibration.</summary>
    public static string NegativeGroup(LabelledPost row) =>
        row.Extra.TryGetValue("category", out var category) ? $"{row.Source}/{category}" : $"{row.Source}/{row.Label}";
}
