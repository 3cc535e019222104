using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Benchmarks;

/// <summary>The engine on the shipped rule files, built as the service builds it (rules only unless a classifier is given; no cache).</summary>
internal static class ShippedEngine
{
    public static ModerationEngine Create(ITextClassifier? classifier = null) =>
        new ModerationEngineBuilder(new EngineOptions()).WithClassifier(classifier).Build();

    /// <summary>One post through the engine. Without a model or a cache the call completes synchronously.</summary>
    public static Verdict ModerateOne(this ModerationEngine engine, string text) =>
        engine.ModerateAsync([new Post(text)]).AsTask().GetAwaiter().GetResult().Verdicts[0];
}
