using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModerationApi.Cli.Hashed;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Cli.Arabic;

/// <summary>
/// <c>moderation train-arabic</c>: trains the Arabic model (hashed n-gram logistic regression, one per label) on the
/// Arabic training files and the project's Arabic corpus rows, calibrates thresholds on out-of-fold scores of a
/// k-fold split of train, trains the shipped model on all of train, and writes <c>arabic.bin</c> + <c>training.json</c>.
/// </summary>
internal static class TrainArabicCommand
{
    public const string Usage =
        "moderation train-arabic --data <shared/data> --corpus <models/corpus> --out <models/arabic> [--seed 13] [--folds 5]\n"
        + "                              [--bits 19] [--epochs 15] [--lr 0.2] [--l2 1e-6] [--everyday-weight 0.5] [--news-weight 1]\n"
        + "                              [--corpus-weight 2] [--corpus-negative-weight 2] [--no-hashtag-copies] [--cv-only]";

    private static readonly string[] TrainFiles = ["arabic_isis_tweets", "arabic_everyday_tweets", "arabic_news"];
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Long on purpose: the training steps in the order they run, with the summary's fields next to the options.
    public static int Run(string[] args)
    {
        var a = new Arguments(args, ["no-hashtag-copies", "cv-only"],
            "data", "corpus", "out", "seed", "folds", "bits", "epochs", "lr", "l2", "everyday-weight", "news-weight", "corpus-weight", "corpus-negative-weight");
        var trainFolder = Path.Combine(a.Required("data"), "train");
        var corpusFolder = a.Required("corpus");
        var outFolder = a.Required("out");
        var seed = a.Int("seed", 13);
        var folds = a.Int("folds", 5, 2, 10);
        var settings = new ArabicTrainingSettings
        {
            HashBits = a.Int("bits", 19, 12, 22),
            Epochs = a.Int("epochs", 15, 1, 200),
            LearningRate = Float(a, "lr", 0.2f),
            L2 = Float(a, "l2", 1e-6f),
            EverydayWeight = Float(a, "everyday-weight", 0.5f),
            NewsWeight = Float(a, "news-weight", 1f),
            CorpusWeight = Float(a, "corpus-weight", 2f),
            CorpusNegativeWeight = Float(a, "corpus-negative-weight", 2f),
            HashtagCopies = !a.Flag("no-hashtag-copies"),
        };

        var posts = new List<LabelledPost>();
        foreach (var name in TrainFiles)
        {
            posts.AddRange(DataFiles.ReadFile(Path.Combine(trainFolder, name + ".jsonl")));
        }

        var corpus = DataFiles.ReadFolder(corpusFolder).Where(r => LanguageDetector.IsMostlyArabic(r.Text)).ToList();
        posts.AddRange(corpus);
        Console.WriteLine($"read {posts.Count} rows ({corpus.Count} Arabic corpus rows)");

        var mask = (1 << settings.HashBits) - 1;
        var rows = new List<ArabicTrainingRow>();
        foreach (var post in posts)
        {
            var (propaganda, financing, weight) = Targets(post, settings);
            var fold = Fold(post, seed, folds);
            if (settings.HashtagCopies && post.Text.Contains('#', StringComparison.Ordinal))
            {
                rows.Add(new ArabicTrainingRow(post, Features(post.Text, false, mask), weight / 2, propaganda, financing, fold));
                rows.Add(new ArabicTrainingRow(post, Features(post.Text, true, mask), weight / 2, propaganda, financing, fold));
            }
            else
            {
                rows.Add(new ArabicTrainingRow(post, Features(post.Text, false, mask), weight, propaganda, financing, fold));
            }
        }

        // Out-of-fold scores: every row scored by a model that never saw its group.
        var trainer = new HashedLogisticTrainer(settings.HashBits, settings.Epochs, settings.LearningRate, settings.L2);
        var outOfFold = new Dictionary<LabelledPost, (float Propaganda, float Stripped, float Financing)>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < folds; k++)
        {
            var training = rows.Where(r => r.Fold != k).ToList();
            var (pb, pw) = trainer.Train(training, r => r.Features, r => r.Weight, r => r.Propaganda, seed + k);
            var (fb, fw) = trainer.Train(training, r => r.Features, r => r.Weight, r => r.Financing, seed + k);
            foreach (var post in posts.Where(p => Fold(p, seed, folds) == k))
            {
                var full = Features(post.Text, false, mask);
                var stripped = Features(post.Text, true, mask);
                outOfFold[post] = (Probability(pb, pw, full), Probability(pb, pw, stripped), Probability(fb, fw, full));
            }

            Console.WriteLine($"fold {k}: trained on {training.Count} rows");
        }

        var report = new ArabicCrossValidation(posts, outOfFold, settings.FalsePositiveBudget);
        Console.WriteLine(report.Summary);
        if (a.Flag("cv-only"))
        {
            return 0;
        }

        var (propagandaBias, propagandaWeights) = trainer.Train(rows, r => r.Features, r => r.Weight, r => r.Propaganda, seed);
        var (financingBias, financingWeights) = trainer.Train(rows, r => r.Features, r => r.Weight, r => r.Financing, seed);
        var model = new HashedNgramModel(HashedModelFormat.Arabic, 
            settings.HashBits,
            [Labels.ExtremistPropaganda, Labels.TerroristFinancing],
            [report.PropagandaThreshold, report.FinancingThreshold],
            [propagandaBias, financingBias],
            [propagandaWeights, financingWeights]);
        Directory.CreateDirectory(outFolder);
        var modelPath = Path.Combine(outFolder, "arabic.bin");
        model.Save(modelPath);
        var summary = new
        {
            version = model.Version,
            trainedAt = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            command = Arguments.CommandLine("train-arabic", args),
            seed,
            folds,
            settings,
            features = "folded text (alef/yeh/teh-marbuta, tatweel, harakat, digits to 0, letter runs to 2; links and @mentions dropped; hashtags read as words) → word unigrams + bigrams + character 2–5-grams of <word>, hashed (FNV-1a + murmur3 finaliser) into 2^bits buckets; each occurrence weighs 1/√n",
            rows = posts.GroupBy(p => $"{p.Source}/{p.Label}").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            thresholds = new { extremist_propaganda = report.PropagandaThreshold, terrorist_financing = report.FinancingThreshold },
            outOfFold = report.Metrics,
            dataFiles = TrainFiles.ToDictionary(n => n, n => DataFiles.HashPrefix(Path.Combine(trainFolder, n + ".jsonl"))),
            bytes = new FileInfo(modelPath).Length,
        };
        File.WriteAllText(Path.Combine(outFolder, "training.json"), JsonSerializer.Serialize(summary, JsonOptions) + "\n");
        Console.WriteLine($"wrote {modelPath} ({model.Version}, {new FileInfo(modelPath).Length} bytes)");
        return 0;
    }

    private static (bool? Propaganda, bool? Financing, float Weight) Targets(LabelledPost post, ArabicTrainingSettings settings) =>
        (post.Source, post.Label) switch
        {
            ("arabic_isis_tweets", "pro_isis_account") => (true, null, 1f),
            ("arabic_isis_tweets", _) => (false, false, 1f),
            ("arabic_everyday_tweets", _) => (false, false, settings.EverydayWeight),
            ("arabic_news", _) => (false, false, settings.NewsWeight),
            (_, Labels.ExtremistPropaganda) => (true, false, settings.CorpusWeight),
            (_, Labels.TerroristFinancing) => (null, true, settings.CorpusWeight),
            (_, "benign") => (false, false, settings.CorpusNegativeWeight),
            _ => throw new InvalidDataException($"{post.Source}: unknown label '{post.Label}' (row {post.Id})"),
        };

    // Folds by a key that near copies share (the first words of the folded text), so a retweet and its original
    // are held out together.
    private static int Fold(LabelledPost post, int seed, int folds)
    {
        Span<char> buffer = post.Text.Length < 1024 ? stackalloc char[post.Text.Length + 2] : new char[post.Text.Length + 2];
        var n = HashedNgramFeatures.Fold(post.Text, stripHashtags: true, buffer);
        var key = $"{seed}:{new string(buffer[..Math.Min(n, 48)])}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return (int)(BitConverter.ToUInt32(hash, 0) % (uint)folds);
    }

    // The model is trained on the view the service gives it: Arabic letters and what surrounds them, no links.
    private static int[] Features(string text, bool stripHashtags, int mask)
    {
        text = LanguageDetector.ArabicViewText(text);
        var buffer = new int[HashedNgramFeatures.MaxFeatures(text.Length)];
        var n = HashedNgramFeatures.Extract(text, stripHashtags, mask, buffer);
        return buffer[..n];
    }

    private static float Probability(float bias, float[] weights, int[] features)
    {
        var scale = features.Length == 0 ? 0f : 1f / MathF.Sqrt(features.Length);
        var sum = 0f;
        foreach (var f in features)
        {
            sum += weights[f];
        }

        return 1f / (1f + MathF.Exp(-(bias + (scale * sum))));
    }

    private static float Float(Arguments a, string name, float fallback) =>
        a.Optional(name) is { } v ? float.Parse(v, CultureInfo.InvariantCulture) : fallback;

}
