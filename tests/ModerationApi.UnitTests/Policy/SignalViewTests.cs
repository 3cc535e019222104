using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Policy;

/// <summary>How the policy's view of one post's signals treats same-kind phrases that nest, overlap or touch.</summary>
public sealed class SignalViewTests
{
    private static RuleSignal Request(int start, int end) => new(SignalKind.Request, "donation.request", start, end, 0.5, $"{start}-{end}");

    [Fact]
    public void APhraseInsideALongerOneOfTheSameKindIsDropped()
    {
        var view = new SignalView([Request(0, 10), Request(2, 8), Request(0, 6)], window: 200);

        var kept = Assert.Single(view.Of(SignalKind.Request));
        Assert.Equal((0, 10), (kept.Start, kept.End));
    }

    [Fact]
    public void OverlappingAndTouchingPhrasesAreAllKept()
    {
        var view = new SignalView([Request(15, 20), Request(5, 15), Request(0, 10)], window: 200);

        Assert.Equal([(0, 10), (5, 15), (15, 20)], view.Of(SignalKind.Request).Select(r => (r.Start, r.End)));
    }

    [Fact]
    public void NestingAcrossKindsIsKept()
    {
        // "support the brothers" (a request) holds "the brothers" (an implied beneficiary): both mean something.
        RuleSignal[] signals =
        [
            new(SignalKind.Request, "donation.request", 0, 20, 0.5, "support the brothers"),
            new(SignalKind.ImpliedBeneficiary, "phrases.implied-beneficiary", 8, 20, 0.4, "the brothers"),
        ];

        var view = new SignalView(signals, window: 200);

        Assert.Single(view.Of(SignalKind.Request));
        Assert.Single(view.Of(SignalKind.ImpliedBeneficiary));
    }
}
