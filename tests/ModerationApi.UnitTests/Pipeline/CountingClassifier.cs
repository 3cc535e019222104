using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Pipeline;

/// <summary>A stand-in model that scores every text 0.1 and records every text it was asked to score.</summary>
internal sealed class CountingClassifier : ITextClassifier
{
    private readonly List<string> _texts = [];

    public string Version => "counting-model-1";

    public IReadOnlyList<string> TextsSeen => _texts;

    public ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        _texts.AddRange(texts);
        var scores = new Dictionary<string, double> { [Labels.ExtremistPropaganda] = 0.1, [Labels.TerroristFinancing] = 0.1 };
        return ValueTask.FromResult<IReadOnlyList<ModelScores>>([.. texts.Select(_ => new ModelScores(scores, []))]);
    }
}
