using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

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

    /// <summary>How many MLPs (seeds seed, seed+1, …) are averaged in logit space into the shipped head.</summary>
    public const int DefaultEnsemble = 1;

    private const int MaxWindowsPerPost = 8;

    /// <summary>With <c>--fit-precision</c>: keep the thresholds calibrated on the fitting precision's scores.</summary>
    private const string FlagFitThresholds = "fit-thresholds";

    /// <summary>With <c>--fit-precision</c>: map this precision's embeddings onto the fitting precision's first.</summary>
    private const string FlagAlign = "align";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    // Long on purpose: the steps in the order they run (read, embed, split, fit, calibrate, write), each a call where
    // it has logic of its own; what remains is the options and the training summary's fields, kept next to each other.
    public static int Run(string[] args)
    {
        var a = new Arguments(
            args,
            [FlagFitThresholds, FlagAlign],
            "data", "corpus", "out", "seed", "cache", "head", "hidden", "epochs", "l2", "lr", "pro-isis-weight", "hate-weight", "miws-weight", "pro-isis-filter", "fold", "calibration-pool", "ensemble", "pooling", "adapter", "precision", "stormfront-relabel", "relabelled-hate-weight", "pro-isis-relabel", "pro-isis-not-weight", "cap", "fit-precision", "fit-cache", "agree-with", "agree-cache");
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
            (float)a.Double("relabelled-hate-weight", SourceWeights.Default.RelabelledHate, 0, 1),
            (float)a.Double("pro-isis-not-weight", SourceWeights.Default.ProIsisNotPropaganda, 0, 1));
        var proIsisFilter = a.Double("pro-isis-filter", DefaultProIsisFilter, 0, 0.99);
        var pooling = ModelArguments.Pooling(a);
        var pool = a.Optional("calibration-pool", DefaultCalibrationPool);
        if (!TrainCalibration.Pools.Contains(pool))
        {
            throw new ArgumentException($"option '--calibration-pool' must be 'all', 'no-forum' or 'per-source', got '{pool}'");
        }
        var trainerOptions = TrainerOptions(a, headKind, seed);
        var fitPrecision = a.Optional("fit-precision") is { } fp ? ModelArguments.ParsePrecision(fp, "fit-precision") : ModelArguments.Precision(a);
        ValidateFitOptions(a, fitPrecision, ModelArguments.Precision(a), headKind);

        var rows = DataFiles.ReadFolder(dataFolder);
        rows.AddRange(DataFiles.ReadFolder(corpusFolder));
        if (a.Optional("stormfront-relabel") is { Length: > 0 } relabel)
        {
            rows = TrainingLabels.Relabel(rows, TrainingLabels.ReadRelabel(relabel));
            Console.WriteLine($"relabelled Stormfront hate: {rows.Count(r => r.Label == TrainingLabels.RelabelledHate)} hate, not propaganda; "
                + $"{rows.Count(r => r.Source == "stormfront_sentences" && r.Label == TrainingLabels.RelabelledPropaganda)} propaganda");
        }

        if (a.Optional("pro-isis-relabel") is { Length: > 0 } proIsisRelabel)
        {
            rows = TrainingLabels.RelabelProIsis(rows, TrainingLabels.ReadRelabel(proIsisRelabel));
            Console.WriteLine($"relabelled pro-ISIS tweets: {rows.Count(r => r.Source == TrainingLabels.ProIsisSource && r.Label == TrainingLabels.RelabelledPropaganda)} propaganda, "
                + $"{rows.Count(r => r.Label == TrainingLabels.RelabelledProIsisNot)} not propaganda");
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

        // The heads may be fitted on another precision's embeddings (--fit-precision fp32 for int8 heads): the int8
        // heads are then the fp32 heads' weights, so the two precisions part only where quantisation moves a post
        // across a threshold, not wherever two separately fitted heads happen to differ.
        var (fitVectors, fitVersion) = fitPrecision == encoder.Precision
            ? (vectors, encoder.ModelVersion)
            : EmbedWith(a, pooling, fitPrecision, a.Optional("fit-cache"), windowTexts);

        // Fold 0 is the shipped split; the others exist so model selection can be cross-checked on all five fifths.
        var fold = a.Int("fold", 0, 0, 4);
        var heldOut = readable.Select(r => IsHeldOut(r.Group, fold)).ToArray();
        var (samples, sampleWindow) = TrainingSamples(readable, heldOut, windowRow, fitVectors, weights);

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

        var fitted = Fit(samples);
        var heads = fitted;
        Console.WriteLine($"trained {headKind} heads on {samples.Count} windows");
        object? alignment = null;
        if (a.Flag(FlagAlign))
        {
            // Quantisation moves every embedding a little the same way; an affine map fitted on the training windows
            // takes that part out, and folded into the first layer it costs nothing when scoring.
            var mlpHeads = (MlpHeads)fitted;
            var trainingWindows = Enumerable.Range(0, windowRow.Count).Where(w => !heldOut[windowRow[w]]).ToList();
            var heldOutWindows = Enumerable.Range(0, windowRow.Count).Where(w => heldOut[windowRow[w]]).ToList();
            var map = AffineEmbeddingMap.Fit(vectors, fitVectors, trainingWindows);
            heads = mlpHeads.WithInputMap(map);
            var before = MeanCosine(heldOutWindows, w => vectors[w], fitVectors);
            var after = MeanCosine(heldOutWindows, w => map.Apply(vectors[w]), fitVectors);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"aligned {HeadPrecision.Name(encoder.Precision)} embeddings onto {HeadPrecision.Name(fitPrecision)} ({trainingWindows.Count} training windows): held-out mean cosine {before:0.00000} -> {after:0.00000}"));
            alignment = new { trainingWindows = trainingWindows.Count, heldOutMeanCosineBefore = Math.Round(before, 5), heldOutMeanCosineAfter = Math.Round(after, 5) };
        }

        // Calibrate on held-out posts scored exactly as the service scores them: the top-third mean of window scores.
        // With --fit-thresholds the fitting precision's decisions are the reference: its thresholds keep them wherever
        // quantisation moves a score less than its distance to the threshold (--agree-with says how often that fails).
        var postScores = ScorePosts(heads, vectors, windowRow, readable.Count);
        var thresholdsFrom = a.Flag(FlagFitThresholds) ? fitPrecision : encoder.Precision;
        var calibrationScores = thresholdsFrom == encoder.Precision ? postScores : ScorePosts(fitted, fitVectors, windowRow, readable.Count);
        var (thresholds, calibrations, poolComparison) = TrainCalibration.CalibrateAll(pool, readable, heldOut, calibrationScores);

        object? agreement = null;
        if (a.Optional("agree-with") is { } referencePath)
        {
            using var reference = HeadModel.Load(referencePath);
            var referencePrecision = HeadPrecision.Of(reference);
            var (referenceVectors, referenceEncoder) = referencePrecision == fitPrecision ? (fitVectors, fitVersion)
                : referencePrecision == encoder.Precision ? (vectors, encoder.ModelVersion)
                : EmbedWith(a, pooling, referencePrecision, a.Optional("agree-cache"), windowTexts);
            CheckReference(reference, referencePath, heads, referenceEncoder);
            var referenceScores = ScorePosts(new LoadedHeads(reference), referenceVectors, windowRow, readable.Count);
            var compared = HeldOutAgreement(readable, heldOut, weights, heads.Labels, (postScores, thresholds), (referenceScores, [.. reference.Thresholds]));
            foreach (var line in compared)
            {
                Console.WriteLine($"  held-out {line.Label}, {line.Target} ({line.Posts} posts): flagged by both {line.FlaggedByBoth}, only by these heads {line.FlaggedOnlyByThese}, only by {reference.Version} {line.FlaggedOnlyByReference}");
            }

            agreement = new { reference = reference.Version, referenceThresholds = reference.Thresholds, byLabelAndTarget = compared };
        }

        var heldOutReport = TrainCalibration.HeldOutReport(readable, heldOut, postScores, thresholds[0]);
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
            precision = HeadPrecision.Name(encoder.Precision),
            fitPrecision = HeadPrecision.Name(fitPrecision),
            thresholdsFrom = HeadPrecision.Name(thresholdsFrom),
            alignment,
            agreement,
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
            proIsisRelabel = a.Optional("pro-isis-relabel"),
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

        // fp32 heads keep the metadata and file names they always had (bit-for-bit retraining); int8 heads say their
        // precision, which the service checks against the encoder's, and sit beside them.
        var suffix = string.Empty;
        if (encoder.Precision != EncoderPrecision.Fp32)
        {
            metadata[HeadPrecision.MetadataKey] = HeadPrecision.Name(encoder.Precision);
            suffix = "-" + HeadPrecision.Name(encoder.Precision);
        }

        var headsFile = Path.Combine(outFolder, $"heads{suffix}.onnx");
        File.WriteAllBytes(headsFile, OnnxHeadWriter.Write(heads, thresholds, version, metadata));
        File.WriteAllText(Path.Combine(outFolder, $"training{suffix}.json"), JsonSerializer.Serialize(summary, JsonOptions) + "\n");
        Console.WriteLine($"wrote {headsFile} version {version}");
        return 0;
    }

    /// <summary>
    /// Per label and training target, how the held-out posts' decisions (score at or above the label's threshold) compare
    /// with those of reference heads (<c>--agree-with</c>) scored on their own precision's embeddings: for instance, int8
    /// heads against the shipped fp32 heads, which is what the int8 quality margin is about.
    /// </summary>
    internal static List<DecisionAgreement> HeldOutAgreement(
        IReadOnlyList<LabelledPost> rows, bool[] heldOut, SourceWeights weights, IReadOnlyList<string> labels,
        (float[][] Scores, float[] Thresholds) these, (float[][] Scores, float[] Thresholds) reference)
    {
        var result = new List<DecisionAgreement>();
        for (var l = 0; l < labels.Count; l++)
        {
            var counts = new SortedDictionary<string, DecisionAgreement>(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                if (!heldOut[i])
                {
                    continue;
                }

                var target = TrainingLabels.For(rows[i], weights).Targets[l].ToString().ToLowerInvariant();
                var c = counts.GetValueOrDefault(target) ?? new DecisionAgreement(labels[l], target, 0, 0, 0, 0);
                bool byThese = these.Scores[i][l] >= these.Thresholds[l], byReference = reference.Scores[i][l] >= reference.Thresholds[l];
                counts[target] = c with
                {
                    Posts = c.Posts + 1,
                    FlaggedByBoth = c.FlaggedByBoth + (byThese && byReference ? 1 : 0),
                    FlaggedOnlyByThese = c.FlaggedOnlyByThese + (byThese && !byReference ? 1 : 0),
                    FlaggedOnlyByReference = c.FlaggedOnlyByReference + (byReference && !byThese ? 1 : 0),
                };
            }

            result.AddRange(counts.Values);
        }

        return result;
    }

    private static double MeanCosine(List<int> windows, Func<int, float[]> vector, float[][] reference)
    {
        var sum = 0.0;
        foreach (var w in windows)
        {
            var v = vector(w);
            sum += VectorMath.Dot(v, reference[w]) / Math.Sqrt(VectorMath.Dot(v, v) * VectorMath.Dot(reference[w], reference[w]));
        }

        return windows.Count == 0 ? double.NaN : sum / windows.Count;
    }

    /// <summary>Embeds the windows with the encoder at another precision (for fitting or for a reference), cached in <paramref name="cachePath"/>.</summary>
    private static (float[][] Vectors, string EncoderVersion) EmbedWith(
        Arguments a, EmbeddingPoolingMode pooling, EncoderPrecision precision, string? cachePath, List<string> windowTexts)
    {
        using var encoder = new MiniLmEncoder(ModelArguments.Encoder(a, pooling, precision: precision));
        var cache = new EmbeddingCache(encoder, cachePath is { Length: > 0 } ? cachePath : null);
        Console.WriteLine($"embedding {windowTexts.Count} windows with the {HeadPrecision.Name(precision)} encoder");
        var vectors = cache.Embed(windowTexts, (done, total) => Console.Write($"\r  {done}/{total}"));
        Console.WriteLine();
        cache.Save();
        return (vectors, encoder.ModelVersion);
    }

    /// <summary>Refuses option combinations that would be ignored or fail late, before anything is embedded.</summary>
    private static void ValidateFitOptions(Arguments a, EncoderPrecision fitPrecision, EncoderPrecision precision, string headKind)
    {
        if (a.Optional("fit-cache") is not null && a.Optional("fit-precision") is null)
        {
            throw new ArgumentException("option '--fit-cache' needs '--fit-precision'");
        }

        if (a.Optional("agree-cache") is not null && a.Optional("agree-with") is null)
        {
            throw new ArgumentException("option '--agree-cache' needs '--agree-with'");
        }

        foreach (var flag in new[] { FlagFitThresholds, FlagAlign })
        {
            if (a.Flag(flag) && fitPrecision == precision)
            {
                throw new ArgumentException($"option '--{flag}' needs '--fit-precision' other than the encoder's precision ({HeadPrecision.Name(precision)})");
            }
        }

        if (a.Flag(FlagAlign) && headKind != "mlp")
        {
            throw new ArgumentException($"option '--{FlagAlign}' needs '--head mlp' (the map is folded into the hidden layer)");
        }
    }

    /// <summary>The reference heads must score the same labels from the same encoder's embeddings as these heads' run.</summary>
    private static void CheckReference(HeadModel reference, string path, IEmbeddingHeads heads, string encoderVersion)
    {
        if (!reference.Labels.SequenceEqual(heads.Labels, StringComparer.Ordinal) || reference.Dimension != heads.Dimension)
        {
            throw new ArgumentException($"option '--agree-with': {path} scores [{string.Join(", ", reference.Labels)}] over {reference.Dimension} values, these heads [{string.Join(", ", heads.Labels)}] over {heads.Dimension}");
        }

        if (reference.Metadata.TryGetValue("encoder", out var trainedOn) && trainedOn != encoderVersion)
        {
            throw new ArgumentException($"option '--agree-with': {path} was trained on {trainedOn}, but its embeddings here come from {encoderVersion} (--adapter, --pooling)");
        }
    }

    /// <summary>The trainer's settings from <c>--hidden</c>, <c>--epochs</c>, <c>--l2</c> and <c>--lr</c>, per head kind.</summary>
    private static object TrainerOptions(Arguments a, string headKind, int seed) => headKind == "mlp"
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

    /// <summary>One training sample per window of a row outside the held-out fold, and the window each came from.</summary>
    private static (List<HeadTrainingSample> Samples, List<int> SampleWindow) TrainingSamples(
        List<LabelledPost> readable, bool[] heldOut, List<int> windowRow, float[][] vectors, SourceWeights weights)
    {
        var samples = new List<HeadTrainingSample>();
        var sampleWindow = new List<int>();
        for (var w = 0; w < windowRow.Count; w++)
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

        return (samples, sampleWindow);
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

}
