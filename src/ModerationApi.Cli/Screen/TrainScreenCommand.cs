using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModerationApi.Cli.Hashed;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Screening;

namespace ModerationApi.Cli.Screen;

/// <summary>
/// <c>moderation train-screen</c>: runs the shipped pipeline (rules, English model in fp32, policy) over the training
/// files and the project's corpus, marks each post the screen may see (an English view, no rule evidence) as "encoder
/// matters" when its highest label score reaches <c>--margin</c> (review is at 0.6), trains a
/// hashed n-gram logistic model of the folded English view to predict that on four fifths of the rows (split by
/// author), and sets the clearing threshold on the held-out fifth: the highest at which at most
/// <c>--miss-budget</c> of the held-out "matters" posts would be cleared (default none). Writes <c>screen.bin</c> and
/// <c>training.json</c> (seed, settings, data hashes, held-out numbers per source).
/// </summary>
internal static class TrainScreenCommand
{
    public const string Usage =
        "moderation train-screen --data <shared/data> --corpus <models/corpus> --out <models/screen> [--seed 13] [--cap 2500] [--margin 0.4]\n"
        + "                              [--miss-budget 0] [--bits 18] [--epochs 8] [--lr 0.2] [--l2 1e-6] [--cache <file>]\n"
        + "                              [--heads <heads.onnx>] [--adapter <file>|none] [--rules <dir>]";

    private const int Chunk = 256;
    private const int HeldOutFifth = 0;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Long on purpose: the steps in the order they run, with the summary's fields next to them.
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, [], "data", "corpus", "out", "seed", "cap", "margin", "miss-budget", "bits", "epochs", "lr", "l2", "cache", "heads", "adapter", "rules", CliEngine.SettingsOption);
        var trainFolder = Path.Combine(a.Required("data"), "train");
        var corpusFolder = a.Required("corpus");
        var outFolder = a.Required("out");
        var seed = a.Int("seed", 13);
        var margin = a.Double("margin", 0.4, 0, 1);
        var missBudget = a.Double("miss-budget", 0, 0, 0.05);
        var bits = a.Int("bits", 18, 12, 22);
        var epochs = a.Int("epochs", 8, 1, 100);
        var lr = (float)a.Double("lr", 0.2, 1e-4, 10);
        var l2 = (float)a.Double("l2", 1e-6, 0, 1);
        var cap = a.Int("cap", 2500, 100, 1_000_000);

        // At most --cap rows of each training file (a reproducible sample by seed): the encoder pass over all of train
        // takes most of an hour on two shared cores.
        var posts = DataFiles.ReadFolder(trainFolder).GroupBy(p => p.Source)
            .SelectMany(g => g.Count() <= cap ? g : g.OrderBy(p => SampleKey(p, seed), StringComparer.Ordinal).Take(cap))
            .ToList();
        var corpus = DataFiles.ReadFolder(corpusFolder);
        posts.AddRange(corpus);
        Console.WriteLine($"read {posts.Count} rows ({corpus.Count} corpus rows)");

        // The screen sees only what the pipeline would give it: posts with an English view and no rule evidence.
        var normalizer = new TextNormalizer();
        using var rulesOnly = CliEngine.Builder(a, CliEngine.Configuration(a)).Build();
        var candidates = new List<(LabelledPost Post, string View)>();
        var withRuleEvidence = 0;
        var noEnglish = 0;
        for (var start = 0; start < posts.Count; start += Chunk)
        {
            var slice = posts.Skip(start).Take(Chunk).ToList();
            var verdicts = (await rulesOnly.ModerateAsync(slice.ConvertAll(p => new Post(p.Text)))).Verdicts;
            for (var i = 0; i < slice.Count; i++)
            {
                if (verdicts[i].Evidence.Count > 0 || verdicts[i].Labels.Values.Any(l => l.Score > 0))
                {
                    withRuleEvidence++;
                }
                else if (LanguageDetector.Analyze(normalizer.Canonicalize(slice[i].Text).Text).View(LanguageRoutingClassifier.English) is { } view)
                {
                    candidates.Add((slice[i], view.Text));
                }
                else
                {
                    noEnglish++;
                }
            }
        }

        Console.WriteLine($"{candidates.Count} posts for the screen; {withRuleEvidence} with rule evidence and {noEnglish} without an English view are never screened");

        // The full pipeline's label scores (rules, English model, policy; no rule evidence here, so they are the
        // English model's word after the policy: financing halved without a cause, framing damped).
        using var encoder = new MiniLmEncoder(ModelArguments.Encoder(a));
        using var heads = HeadModel.Load(a.Optional("heads", Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx")));
        var cache = a.Optional("cache") is { Length: > 0 } cachePath ? new EmbeddingCache(encoder, cachePath) : null;
        using var english = new OnnxTextClassifier(encoder, heads, ownsModels: false, cache is null ? null : cache.EmbedInto);
        using var full = CliEngine.Builder(a, CliEngine.Configuration(a)).WithClassifier(new LanguageRoutingClassifier(english, null)).Build();
        var scores = new double[candidates.Count];
        for (var start = 0; start < candidates.Count; start += Chunk)
        {
            var slice = candidates.Skip(start).Take(Chunk).Select(c => new Post(c.Post.Text)).ToList();
            var verdicts = (await full.ModerateAsync(slice)).Verdicts;
            for (var i = 0; i < slice.Count; i++)
            {
                scores[start + i] = verdicts[i].Labels.Values.Max(l => l.Score);
            }

            Console.Write($"\r  full pipeline: {Math.Min(start + Chunk, candidates.Count)}/{candidates.Count}");
            if (cache is not null && (start / Chunk) % 40 == 39)
            {
                cache.Save();
            }
        }

        Console.WriteLine();
        cache?.Save();

        var mask = (1 << bits) - 1;
        var rows = candidates.Select((c, i) => new ScreenTrainingRow(c.Post, Features(c.View, mask), scores[i], scores[i] >= margin, Fifth(c.Post, seed) == HeldOutFifth)).ToList();
        var training = rows.Where(r => !r.HeldOut).ToList();
        var heldOut = rows.Where(r => r.HeldOut).ToList();
        Console.WriteLine($"training rows {training.Count} ({training.Count(r => r.Target)} where the encoder matters), held out {heldOut.Count} ({heldOut.Count(r => r.Target)})");

        var trainer = new HashedLogisticTrainer(bits, epochs, lr, l2);
        var (bias, weights) = trainer.Train(training, r => r.Features, _ => 1f, r => r.Target, seed);
        var provisional = new HashedNgramModel(HashedModelFormat.Screen, bits, [EncoderScreen.Label], [0.5f], [bias], [weights]);
        var heldOutScores = heldOut.ConvertAll(r => Probability(provisional, r.Features));
        var threshold = Threshold(heldOut, heldOutScores, missBudget);
        var model = new HashedNgramModel(HashedModelFormat.Screen, bits, [EncoderScreen.Label], [threshold], [bias], [weights]);

        var perSource = heldOut.Select((r, i) => (Row: r, Score: heldOutScores[i]))
            .GroupBy(x => $"{x.Row.Post.Source}/{x.Row.Post.Label}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new
            {
                rows = g.Count(),
                encoderMatters = g.Count(x => x.Row.Target),
                cleared = g.Count(x => x.Score < threshold),
                clearedShare = Math.Round(g.Count(x => x.Score < threshold) / (double)g.Count(), 4),
                missed = g.Count(x => x.Row.Target && x.Score < threshold),
            });
        var heldOutCleared = heldOutScores.Count(s => s < threshold);
        var heldOutMissed = heldOut.Where((r, i) => r.Target && heldOutScores[i] < threshold).Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threshold {threshold:0.######}: held out cleared {heldOutCleared}/{heldOut.Count} ({heldOutCleared / (double)heldOut.Count:P1}), missed {heldOutMissed}/{heldOut.Count(r => r.Target)} where the encoder matters"));
        foreach (var (source, numbers) in perSource)
        {
            Console.WriteLine($"  {source,-50} {numbers}");
        }

        // The trade-off on the held-out rows: how much the screen would clear were k of the rows where the encoder
        // matters allowed to be cleared.
        var positiveScores = heldOut.Select((r, i) => (r, i)).Where(x => x.r.Target).Select(x => heldOutScores[x.i]).Order().ToList();
        var tradeOff = Enumerable.Range(0, Math.Min(21, positiveScores.Count)).Select(k => new
        {
            missed = k,
            threshold = positiveScores[k],
            clearedShare = Math.Round(heldOutScores.Count(s => s < positiveScores[k]) / (double)heldOut.Count, 4),
            missedBy = heldOut.Select((r, i) => (r, i)).Where(x => x.r.Target && heldOutScores[x.i] < positiveScores[k]).GroupBy(x => x.r.Post.Source).ToDictionary(g => g.Key, g => g.Count()),
        }).ToList();
        foreach (var point in tradeOff)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  missing {point.missed,2}: threshold {point.threshold:0.######}, cleared {point.clearedShare:P1} [{string.Join(", ", point.missedBy.Select(m => $"{m.Key} {m.Value}"))}]"));
        }

        Directory.CreateDirectory(outFolder);
        var modelPath = Path.Combine(outFolder, "screen.bin");
        model.Save(modelPath);
        var summary = new
        {
            version = model.Version,
            trainedAt = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            command = Arguments.CommandLine("train-screen", args),
            seed,
            target = $"the full pipeline's highest label score (rules + English model + policy; review at 0.6) >= {margin.ToString(CultureInfo.InvariantCulture)}",
            englishModel = english.Version,
            settings = new { margin, missBudget, bits, epochs, learningRate = lr, l2, classWeights = "balanced by total weight" },
            features = "the post's English view (LanguageDetector), folded as the rules fold it (lower case, confusables, digits to 0, letter runs to 2; links and @mentions dropped; hashtags read as words) → word unigrams + bigrams + character 2–5-grams of <word>, hashed into 2^bits buckets; each occurrence weighs 1/√n",
            split = $"held out: the fifth of authors (SHA-256 of seed and group) numbered {HeldOutFifth}; the model is trained on the other four fifths and ships as trained there",
            threshold,
            rows = new { capPerTrainingFile = cap, read = posts.Count, withRuleEvidence, noEnglishView = noEnglish, training = training.Count, trainingEncoderMatters = training.Count(r => r.Target), heldOut = heldOut.Count },
            heldOutNumbers = new { cleared = heldOutCleared, encoderMatters = heldOut.Count(r => r.Target), missed = heldOutMissed, perSource, tradeOff },
            dataFiles = Directory.GetFiles(trainFolder, "*.jsonl").Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), DataFiles.HashPrefix),
            corpusFiles = Directory.GetFiles(corpusFolder, "*.jsonl").Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), DataFiles.HashPrefix),
            bytes = new FileInfo(modelPath).Length,
        };
        File.WriteAllText(Path.Combine(outFolder, "training.json"), JsonSerializer.Serialize(summary, JsonOptions) + "\n");
        Console.WriteLine($"wrote {modelPath} ({model.Version}, {new FileInfo(modelPath).Length} bytes)");
        return 0;
    }

    /// <summary>
    /// The highest threshold that clears (score below it) at most <paramref name="missBudget"/> of the held-out rows
    /// where the encoder matters; with a budget of 0, the lowest score among them.
    /// </summary>
    internal static float Threshold(IReadOnlyList<ScreenTrainingRow> rows, IReadOnlyList<float> scores, double missBudget)
    {
        var positives = rows.Select((r, i) => (r, i)).Where(x => x.r.Target).Select(x => scores[x.i]).Order().ToList();
        if (positives.Count == 0)
        {
            throw new InvalidDataException("no held-out row where the encoder matters: nothing to set the threshold on.");
        }

        // Clearing the k lowest-scoring positives misses k of them; the threshold sits at the (k+1)-th lowest score.
        var allowed = (int)Math.Floor(missBudget * positives.Count);
        return positives[Math.Min(allowed, positives.Count - 1)];
    }

    private static float Probability(HashedNgramModel model, int[] features)
    {
        Span<float> p = stackalloc float[1];
        model.ScoreFeatures(features, p);
        return p[0];
    }

    private static int[] Features(string view, int mask)
    {
        var buffer = new int[HashedNgramFeatures.MaxFeatures(view.Length)];
        var n = HashedNgramFeatures.Extract(view, stripHashtags: false, mask, buffer);
        return buffer[..n];
    }

    private static string SampleKey(LabelledPost post, int seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sample:{seed}:{post.Source}:{post.Id}")));

    private static int Fifth(LabelledPost post, int seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{post.Group}"));
        return (int)(BitConverter.ToUInt32(hash, 0) % 5);
    }
}
