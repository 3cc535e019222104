using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Cli;

/// <summary>
/// <c>moderation train</c>: embeds labelled posts with the production encoder (window by window, as the service
/// does), trains one head per model label (a small MLP or a logistic regression), calibrates thresholds on a held-out fifth of the training data
/// (split by author, so no account is on both sides), and writes the heads as ONNX plus a training summary.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The false-positive budget per negative source at the shipped threshold.</summary>
    public const double FalsePositiveBudget = 0.005;

    /// <summary>The head kind trained when <c>--head</c> is not given.</summary>
    public const string DefaultHead = "mlp";

    /// <summary>The share of account-labelled pro-ISIS windows dropped by default (see FilterAccountLevelPositives).</summary>
    public const double DefaultProIsisFilter = 0.5;

    /// <summary>
    /// Which held-out negatives the false-positive budget is pooled over: <c>all</c>, or <c>no-forum</c> (all but the
    /// Stormfront noHate sentences, which are forum users' posts rather than the news, appeals and everyday posts the
    /// targets are about).
    /// </summary>
    public const string DefaultCalibrationPool = "all";

    /// <summary>
    /// Per-source budgets of the <c>per-source</c> pool: the targets' own rates (0.5% news and everyday tweets, 1% news
    /// about terrorism and charity appeals) plus 1% on the project's hard negatives; forum noHate sentences have none.
    /// </summary>
    private static readonly Dictionary<string, double> SourceBudgets = new(StringComparer.Ordinal)
    {
        ["news"] = 0.005,
        ["general_tweets"] = 0.005,
        ["news_terrorism"] = 0.01,
        ["charity"] = 0.01,
        ["corpus_hard_negatives"] = 0.01,
    };

    private static readonly string[] CalibrationPools = ["all", "no-forum", "per-source"];

    /// <summary>How many MLPs (seeds seed, seed+1, …) are averaged in logit space into the shipped head.</summary>
    public const int DefaultEnsemble = 1;

    private const int MaxWindowsPerPost = 8;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static int Run(string[] args)
    {
        var a = new Arguments(
            args,
            "data", "corpus", "out", "seed", "cache", "head", "hidden", "epochs", "l2", "lr", "pro-isis-weight", "hate-weight", "miws-weight", "pro-isis-filter", "fold", "calibration-pool", "ensemble", "pooling", "adapter", "stormfront-relabel", "relabelled-hate-weight", "cap");
        var dataFolder = Path.Combine(a.Required("data"), "train");
        var corpusFolder = a.Required("corpus");
        var outFolder = a.Required("out");
        var seed = a.Int("seed", 13);
        var headKind = a.Optional("head", DefaultHead);
        if (headKind is not ("mlp" or "logistic"))
        {
            throw new ArgumentException($"option '--head' must be 'mlp' or 'logistic', got '{headKind}'");
        }

        var weights = new SourceWeights(
            (float)a.Double("pro-isis-weight", SourceWeights.Default.ProIsisAccount, 0, 1),
            (float)a.Double("hate-weight", SourceWeights.Default.ForumHate, 0, 1),
            (float)a.Double("miws-weight", SourceWeights.Default.MiwsQuote, 0, 10),
            (float)a.Double("relabelled-hate-weight", SourceWeights.Default.RelabelledHate, 0, 1));
        var proIsisFilter = a.Double("pro-isis-filter", DefaultProIsisFilter, 0, 0.99);
        var pooling = ModelArguments.Pooling(a);
        var pool = a.Optional("calibration-pool", DefaultCalibrationPool);
        if (!CalibrationPools.Contains(pool))
        {
            throw new ArgumentException($"option '--calibration-pool' must be 'all', 'no-forum' or 'per-source', got '{pool}'");
        }
        object trainerOptions = headKind == "mlp"
            ? new MlpHeadTrainerOptions
            {
                Seed = seed,
                Hidden = a.Int("hidden", 128, 1, 1024),
                Epochs = a.Int("epochs", 30, 1, 1000),
                L2Strength = a.Double("l2", 1e-4, 0, 1),
                LearningRate = a.Double("lr", 0.003, 1e-6, 1),
                BalanceClasses = true,
            }
            : new LogisticHeadTrainerOptions
            {
                Seed = seed,
                Epochs = a.Int("epochs", 40, 1, 1000),
                L2Strength = a.Double("l2", 1e-4, 0, 1),
                LearningRate = a.Double("lr", 0.05, 1e-6, 1),
                BalanceClasses = true,
            };

        var rows = DataFiles.ReadFolder(dataFolder);
        rows.AddRange(DataFiles.ReadFolder(corpusFolder));
        if (a.Optional("stormfront-relabel") is { Length: > 0 } relabel)
        {
            rows = TrainingLabels.Relabel(rows, TrainingLabels.ReadRelabel(relabel));
            Console.WriteLine($"relabelled Stormfront hate: {rows.Count(r => r.Label == TrainingLabels.RelabelledHate)} hate, not propaganda; "
                + $"{rows.Count(r => r.Source == "stormfront_sentences" && r.Label == TrainingLabels.RelabelledPropaganda)} propaganda");
        }

        Console.WriteLine($"read {rows.Count} rows from {dataFolder} and {corpusFolder}");

        // The encoder's English vocabulary reads Arabic as unknown tokens, and the service does not score such posts.
        // Rows that teach neither head (left-out labels) are not embedded at all.
        var readable = rows.Where(r => !ScriptDetector.IsMostlyUnreadable(r.Text) && r.Text.Length > 0).ToList();
        Console.WriteLine($"kept {readable.Count} rows the encoder can read ({rows.Count - readable.Count} mostly non-Latin rows skipped)");
        readable = readable.Where(r => TrainingLabels.For(r, weights).Targets.Any(t => t != LabelTarget.Unknown)).ToList();
        var caps = Caps(a.Optional("cap", string.Empty));
        if (caps.Count > 0)
        {
            readable = Cap(readable, caps, seed);
            Console.WriteLine($"capped {string.Join(", ", caps.Select(c => $"{c.Key} at {c.Value}"))}: {readable.Count} rows left");
        }

        Console.WriteLine($"training on {readable.Count} rows");

        using var encoder = new MiniLmEncoder(ModelArguments.Encoder(a, pooling));
        var cache = new EmbeddingCache(encoder, a.Optional("cache", string.Empty) is { Length: > 0 } c ? c : null);
        var (windowRow, windowTexts) = Windows(encoder, readable);
        Console.WriteLine($"embedding {windowTexts.Count} windows");
        var vectors = cache.Embed(windowTexts, (done, total) => Console.Write($"\r  {done}/{total}"));
        Console.WriteLine();
        cache.Save();

        // Fold 0 is the shipped split; the others exist so model selection can be cross-checked on all five fifths.
        var fold = a.Int("fold", 0, 0, 4);
        var heldOut = readable.Select(r => IsHeldOut(r.Group, fold)).ToArray();
        var samples = new List<HeadTrainingSample>();
        var sampleWindow = new List<int>();
        for (var w = 0; w < windowTexts.Count; w++)
        {
            var row = readable[windowRow[w]];
            if (heldOut[windowRow[w]])
            {
                continue;
            }

            var (targets, weight) = TrainingLabels.For(row, weights);
            samples.Add(new HeadTrainingSample(vectors[w], targets, weight, row.Group));
            sampleWindow.Add(w);
        }

        var ensemble = a.Int("ensemble", DefaultEnsemble, 1, 16);
        IEmbeddingHeads Fit(IReadOnlyList<HeadTrainingSample> training) => trainerOptions switch
        {
            MlpHeadTrainerOptions mlp => MlpHeads.AverageOfLogits(
                Enumerable.Range(0, ensemble).Select(k => new MlpHeadTrainer(mlp with { Seed = mlp.Seed + k }).Train(TrainingLabels.Heads, training)).ToList()),
            LogisticHeadTrainerOptions logistic => new LogisticHeadTrainer(logistic).Train(TrainingLabels.Heads, training),
            _ => throw new InvalidOperationException(),
        };

        var filtered = 0;
        if (proIsisFilter > 0)
        {
            (samples, filtered) = FilterAccountLevelPositives(samples, sampleWindow, readable, windowRow, Fit, proIsisFilter);
            Console.WriteLine($"pro-ISIS filter: dropped {filtered} account-labelled windows that a first pass without them scored lowest");
        }

        var heads = Fit(samples);
        Console.WriteLine($"trained {headKind} heads on {samples.Count} windows");

        // Calibrate on held-out posts scored exactly as the service scores them: the top-third mean of window scores.
        var postScores = ScorePosts(heads, vectors, windowRow, readable.Count);
        var thresholds = new float[TrainingLabels.Heads.Count];
        var calibrations = new List<object>();
        List<object> poolComparison = [];
        for (var h = 0; h < TrainingLabels.Heads.Count; h++)
        {
            var positives = new List<float>();
            var negatives = new List<float>();
            var sources = new List<string>();
            var groups = new List<string>();
            for (var i = 0; i < readable.Count; i++)
            {
                if (!heldOut[i])
                {
                    continue;
                }

                var (targets, _) = TrainingLabels.For(readable[i]);
                if (TrainingLabels.IsCleanPositive(readable[i], h))
                {
                    positives.Add(postScores[i][h]);
                }
                else if (targets[h] == LabelTarget.Negative)
                {
                    // Every held-out negative is reported per source; the pool decides which ones set the threshold.
                    negatives.Add(postScores[i][h]);
                    sources.Add(ReportSource(readable[i]));
                    groups.Add(TrainingLabels.NegativeGroup(readable[i]));
                }
            }

            // Pooled by default: per-source limits on held-out slices of a hundred-odd rows cannot resolve 0.5% (one
            // row is 0.7%), so the budget is pooled and each source's rate is reported.
            var calibration = Calibrate(pool, positives, negatives, sources);
            if (h == 0)
            {
                poolComparison = CalibrationPools.Select(p => ComparePool(p, readable, heldOut, postScores, negatives, sources, positives)).ToList();
                foreach (var line in poolComparison)
                {
                    Console.WriteLine(JsonSerializer.Serialize(line));
                }
            }

            foreach (var group in groups.Distinct().Order(StringComparer.Ordinal))
            {
                var members = negatives.Where((_, k) => groups[k] == group).ToList();
                var over = members.Count(v => v >= calibration.Threshold);
                if (over > 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group}: {over}/{members.Count} held-out negatives at or above the threshold"));
                }
            }

            thresholds[h] = calibration.Threshold;
            calibrations.Add(new
            {
                label = TrainingLabels.Heads[h],
                threshold = calibration.Threshold,
                heldOutPositives = positives.Count,
                heldOutNegatives = negatives.Count,
                heldOutNegativesInPool = negatives.Where((_, k) => InPool(pool, sources[k])).Count(),
                heldOutRecall = Math.Round(calibration.Recall, 4),
                heldOutFalsePositiveRate = Math.Round(calibration.FalsePositiveRate, 4),
                heldOutRocAuc = Math.Round(RankingMetrics.RocAuc([.. positives, .. negatives], [.. positives.Select(_ => true), .. negatives.Select(_ => false)]), 4),
                bindingGroup = calibration.BindingGroup,
            });
            Console.WriteLine($"{TrainingLabels.Heads[h]}: threshold {calibration.Threshold:0.0000}, held-out recall {calibration.Recall:0.000}, FPR {calibration.FalsePositiveRate:0.0000}");
        }

        var heldOutReport = HeldOutReport(readable, heldOut, postScores, thresholds[0]);
        foreach (var line in heldOutReport)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  held-out {line.Group}: recall {line.Recall:0.000} ({line.Rows} posts), ROC-AUC vs held-out negatives {line.RocAuc:0.000}"));
        }

        var version = Version(heads, thresholds);
        var summary = new
        {
            version,
            seed,
            heldOutFold = fold,
            encoder = encoder.ModelVersion,
            pooling = ModelArguments.PoolingName(pooling),
            head = headKind,
            trainer = trainerOptions,
            ensemble = headKind == "mlp" ? ensemble : 1,
            sourceWeights = weights,
            proIsisFilter,
            proIsisWindowsDropped = filtered,
            falsePositiveBudgetPooled = FalsePositiveBudget,
            calibrationPool = pool,
            caps,
            stormfrontRelabel = a.Optional("stormfront-relabel"),
            rows = readable.Count,
            trainingWindows = samples.Count,
            rowsBySource = readable.GroupBy(r => $"{r.Source}/{r.Label}").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            calibrations,
            heldOutPropaganda = heldOutReport,
            heldOutPoolComparison = poolComparison,
        };
        Directory.CreateDirectory(outFolder);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["encoder"] = encoder.ModelVersion, ["seed"] = seed.ToString(CultureInfo.InvariantCulture) };
        if (pooling != EmbeddingPoolingMode.Mean)
        {
            // Mean heads keep the metadata they always had, so retraining them still gives the same file bit for bit.
            metadata["pooling"] = ModelArguments.PoolingName(pooling);
        }

        File.WriteAllBytes(Path.Combine(outFolder, "heads.onnx"), OnnxHeadWriter.Write(heads, thresholds, version, metadata));
        File.WriteAllText(Path.Combine(outFolder, "training.json"), JsonSerializer.Serialize(summary, JsonOptions) + "\n");
        Console.WriteLine($"wrote {Path.Combine(outFolder, "heads.onnx")} version {version}");
        return 0;
    }

    /// <summary>
    /// Account-level labels make many pro-ISIS tweets news relays or chat. A first pass trained without them scores
    /// each of their windows; the lowest-scoring share <paramref name="dropShare"/> (in [0, 1)) is dropped before the
    /// real fit. Other rows are kept whatever they score.
    /// </summary>
    internal static (List<HeadTrainingSample> Kept, int Dropped) FilterAccountLevelPositives(
        List<HeadTrainingSample> samples,
        List<int> sampleWindow,
        List<LabelledPost> rows,
        List<int> windowRow,
        Func<IReadOnlyList<HeadTrainingSample>, IEmbeddingHeads> fit,
        double dropShare)
    {
        if (!(dropShare >= 0 && dropShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropShare), "The share to drop must be in [0, 1).");
        }

        bool IsAccountLevel(int s) => rows[windowRow[sampleWindow[s]]].Label == "pro_isis_account";
        var firstPass = fit(samples.Where((_, s) => !IsAccountLevel(s)).ToList());
        var scores = new float[samples.Count];
        var buffer = new float[firstPass.Labels.Count];
        var accountScores = new List<float>();
        for (var s = 0; s < samples.Count; s++)
        {
            if (IsAccountLevel(s))
            {
                firstPass.Score(samples[s].Embedding, 1, buffer);
                scores[s] = buffer[0];
                accountScores.Add(buffer[0]);
            }
        }

        var drop = (int)(dropShare * accountScores.Count);
        if (drop == 0)
        {
            return (samples, 0);
        }

        // Keep the windows scoring at or above the lowest survivor's score (ties at the cut all stay).
        accountScores.Sort();
        var cut = accountScores[drop];
        var kept = samples.Where((_, s) => !IsAccountLevel(s) || scores[s] >= cut).ToList();
        return (kept, samples.Count - kept.Count);
    }

    /// <summary>Parses <c>--cap label=N,label=N</c>.</summary>
    private static SortedDictionary<string, int> Caps(string value)
    {
        var caps = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw new ArgumentException($"option '--cap' takes label=N[,label=N...], got '{item}'");
            }

            caps[parts[0]] = n;
        }

        return caps;
    }

    /// <summary>
    /// Keeps at most N rows of each capped label: those whose SHA-256 of seed and id is lowest, so the sample is random,
    /// reproducible and independent of file order. Plentiful sources are capped so an embedding run fits the machine.
    /// </summary>
    internal static List<LabelledPost> Cap(List<LabelledPost> rows, IReadOnlyDictionary<string, int> caps, int seed)
    {
        var keep = new HashSet<LabelledPost>(ReferenceEqualityComparer.Instance);
        foreach (var group in rows.GroupBy(r => r.Label, StringComparer.Ordinal))
        {
            var members = caps.TryGetValue(group.Key, out var cap)
                ? group.OrderBy(r => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{r.Source}:{r.Id}"))), StringComparer.Ordinal).Take(cap)
                : group;
            keep.UnionWith(members);
        }

        return rows.Where(keep.Contains).ToList();
    }

    /// <summary>The coarse source of a negative row, the unit of the per-source budgets and reports.</summary>
    private static string ReportSource(LabelledPost row) => row switch
    {
        { Label: "far_right_forum_nohate" } => "stormfront_nohate",
        { Label: "news_terrorism" } => "news_terrorism",
        { Source: "news" } => "news",
        { Source: "charity_appeals" } => "charity",
        { Source: "general_tweets" } => "general_tweets",
        { Label: "counter_speech" } => "conan_counter_speech",
        _ when row.Source.StartsWith("hard_negatives", StringComparison.Ordinal) => "corpus_hard_negatives",
        { Label: "benign" } when row.Source.StartsWith("stance_", StringComparison.Ordinal) => "corpus_hard_negatives",
        _ => row.Source,
    };

    private static bool InPool(string pool, string source) => pool switch
    {
        "all" => true,
        "no-forum" => source != "stormfront_nohate",
        _ => SourceBudgets.ContainsKey(source),
    };

    /// <summary>
    /// The threshold for a calibration pool: the pooled 0.5% budget over all negatives or all but the forum's, or the
    /// highest of the per-source thresholds, each keeping its own source within its budget.
    /// </summary>
    internal static ThresholdCalibration Calibrate(string pool, List<float> positives, List<float> negatives, List<string> sources)
    {
        if (pool != "per-source")
        {
            return ThresholdCalibrator.Calibrate(positives.ToArray(), negatives.Where((_, k) => InPool(pool, sources[k])).ToArray(), FalsePositiveBudget);
        }

        var threshold = float.NegativeInfinity;
        string? binding = null;
        foreach (var (source, budget) in SourceBudgets.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var own = negatives.Where((_, k) => sources[k] == source).ToArray();
            if (own.Length > 0 && ThresholdCalibrator.Calibrate([], own, budget).Threshold is var t && t > threshold)
            {
                (threshold, binding) = (t, source);
            }
        }

        var inPool = negatives.Where((_, k) => InPool(pool, sources[k])).ToList();
        return new ThresholdCalibration(
            threshold,
            inPool.Count(v => v >= threshold) / (double)inPool.Count,
            positives.Count(v => v >= threshold) / (double)Math.Max(1, positives.Count),
            binding);
    }

    /// <summary>
    /// Report only: what each calibration pool would do on this fold's held-out rows (the propaganda head), as counts so
    /// folds can be pooled: clean and MIWS recall, and the negatives at or above the threshold per source (the corpus
    /// hard negatives also per category).
    /// </summary>
    private static object ComparePool(
        string pool, List<LabelledPost> rows, bool[] heldOut, float[][] postScores, List<float> negatives, List<string> sources, List<float> positives)
    {
        var threshold = Calibrate(pool, positives, negatives, sources).Threshold;
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        void Count(string key, bool over)
        {
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new int[2];
            }

            c[0] += over ? 1 : 0;
            c[1]++;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (!heldOut[i])
            {
                continue;
            }

            var row = rows[i];
            var over = postScores[i][0] >= threshold;
            var (targets, _) = TrainingLabels.For(row);
            if (targets[0] == LabelTarget.Negative)
            {
                var source = ReportSource(row);
                Count("neg/" + source, over);
                if (source == "corpus_hard_negatives")
                {
                    Count("neg/corpus/" + row.Extra.GetValueOrDefault("category", "?"), over);
                }
            }
            else if (TrainingLabels.IsCleanPositive(row, 0))
            {
                Count("pos/clean", over);
                if (row.Source == TrainingLabels.MiwsSource)
                {
                    Count("pos/miws", over);
                    Count("pos/miws/" + row.Extra.GetValueOrDefault("ideology", "?"), over);
                }
            }
            else if (targets[0] == LabelTarget.Positive)
            {
                Count("pos/" + row.Source, over);
            }
        }

        return new { pool, threshold, flaggedOfRows = counts };
    }

    /// <summary>Held-out recall at the threshold and ROC-AUC against all held-out negatives, per positive group.</summary>
    private static List<HeldOutGroup> HeldOutReport(List<LabelledPost> rows, bool[] heldOut, float[][] postScores, float threshold)
    {
        var negatives = new List<float>();
        var byGroup = new SortedDictionary<string, List<float>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!heldOut[i])
            {
                continue;
            }

            var row = rows[i];
            var (targets, _) = TrainingLabels.For(row);
            if (targets[0] == LabelTarget.Negative)
            {
                negatives.Add(postScores[i][0]);
                continue;
            }

            if (targets[0] != LabelTarget.Positive)
            {
                continue;
            }

            var group = row.Source switch
            {
                "miws_extremist_quotes" => "miws/" + row.Extra.GetValueOrDefault("ideology", "?"),
                "pro_isis_accounts" => "pro_isis_accounts (noisy)",
                "stormfront_sentences" => "stormfront hate",
                _ when row.Extra.GetValueOrDefault("ideology") is { } ideology && ideology != "none" => "corpus/" + ideology,
                _ => "corpus/" + (row.Extra.GetValueOrDefault("category", "?") is var c && c.StartsWith("far_right", StringComparison.Ordinal) ? "far_right" : c),
            };
            if (!byGroup.TryGetValue(group, out var list))
            {
                byGroup[group] = list = [];
            }

            list.Add(postScores[i][0]);
        }

        var all = byGroup.Where(g => g.Key.StartsWith("miws/", StringComparison.Ordinal)).SelectMany(g => g.Value).ToList();
        byGroup["miws (all)"] = all;
        return byGroup.Select(g => new HeldOutGroup(
            g.Key,
            g.Value.Count,
            Math.Round(g.Value.Count(v => v >= threshold) / (double)Math.Max(1, g.Value.Count), 4),
            Math.Round(RankingMetrics.RocAuc([.. g.Value, .. negatives], [.. g.Value.Select(_ => true), .. negatives.Select(_ => false)]), 4))).ToList();
    }

    /// <summary>Splits every row into encoder windows (at most a few per post), remembering which row each came from.</summary>
    public static (List<int> WindowRow, List<string> WindowTexts) Windows(MiniLmEncoder encoder, IReadOnlyList<LabelledPost> rows)
    {
        var windowRow = new List<int>();
        var texts = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var window in encoder.SplitIntoWindows(rows[i].Text).Take(MaxWindowsPerPost))
            {
                windowRow.Add(i);
                texts.Add(window.Slice(rows[i].Text));
            }
        }

        return (windowRow, texts);
    }

    public static float[][] ScorePosts(IEmbeddingHeads heads, float[][] vectors, List<int> windowRow, int rowCount)
    {
        var labels = heads.Labels.Count;
        var perRow = new List<float>[rowCount, labels];
        var buffer = new float[labels];
        for (var w = 0; w < vectors.Length; w++)
        {
            heads.Score(vectors[w], 1, buffer);
            for (var l = 0; l < labels; l++)
            {
                (perRow[windowRow[w], l] ??= []).Add(buffer[l]);
            }
        }

        var result = new float[rowCount][];
        for (var i = 0; i < rowCount; i++)
        {
            result[i] = new float[labels];
            for (var l = 0; l < labels; l++)
            {
                result[i][l] = perRow[i, l] is { } list ? (float)OnnxTextClassifier.TopThirdMean(list.ToArray()) : 0f;
            }
        }

        return result;
    }

    // Deterministic 80/20 split by group (author where the data has one), so one account never sits on both sides.
    private static bool IsHeldOut(string group, int fold) => SHA256.HashData(Encoding.UTF8.GetBytes(group))[0] % 5 == fold;

    /// <summary>A hash of the exported graph and thresholds: the same weights give the same version, whatever the head kind.</summary>
    private static string Version(IEmbeddingHeads heads, float[] thresholds) =>
        "heads-" + Convert.ToHexStringLower(SHA256.HashData(OnnxHeadWriter.Write(heads, thresholds, "unversioned")))[..12];

    /// <summary>Held-out numbers of one group of propaganda positives.</summary>
    internal sealed record HeldOutGroup(string Group, int Rows, double Recall, double RocAuc);
}
