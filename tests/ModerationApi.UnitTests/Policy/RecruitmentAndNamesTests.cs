using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Policy;

/// <summary>
/// Race-only recruitment (a call to join beside a race-only condition) reviews; either half alone, names of
/// groups alone, and reporting on such posts do not. Shipped rules, default thresholds, no model.
/// </summary>
public sealed class RecruitmentAndNamesTests
{
    [Theory]
    [InlineData("Now recruiting in the north west. Fitness, hikes, brotherhood. European descent only, DM for vetting.", "european descent only")]
    [InlineData("we're recruiting again lads. train hard, stay loyal, no glowies. aryan men only", "aryan men only")]
    [InlineData("New club starting in the valleys. Boxing and hikes. White men only, vetting by call first.", "white men only")]
    [InlineData("Recruiting in the midlands: fitness, hikes, brotherhood. Europeans only, DM to join.", "europeans only")]
    public void ACallToJoinThatAdmitsOneRaceOnlyGoesToReview(string text, string gate)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.True(verdict.Labels[Labels.ExtremistPropaganda].Flagged);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.ExtremistPropaganda && e.RuleId == "phrases.recruitment");
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.ExtremistPropaganda && e.Text.Equals(gate, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Now recruiting volunteers for the food bank, all welcome, DM to join the Saturday shift.")]
    [InlineData("The union hall admitted white men only until the 1964 act forced it open.")]
    [InlineData("Cricket club now recruiting for Sunday league, all abilities. Whites only on match days, nets on Thursday.")]
    [InlineData("Tennis juniors: we're recruiting for the summer squad! Must be white kit only at the club, rackets provided.")]
    [InlineData("Police departments kept recruiting white men only until a 1972 court order, the archive shows.")]
    [InlineData("Looking for men over 40 for a walking football team, Tuesdays 7pm, all abilities.")]
    [InlineData("we're recruiting beginners for thursday BJJ, all genders, first class free. no egos, no feds (jk the local copper trains with us)")]
    public void EitherHalfAloneIsAllowed(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Equal(0, verdict.Labels[Labels.ExtremistPropaganda].Score);
    }

    [Fact]
    public void ReportingOnAVettedRecruitmentFlyerIsAllowed()
    {
        var verdict = ShippedRules.Moderate(
            "Police said the flyers found at the college read 'now recruiting, European descent only' and carried a QR code to a chat group.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.ExtremistPropaganda && e.Detail.Contains("read as a mention", StringComparison.Ordinal));
    }

    [Fact]
    public void RepeatedRecruitmentPhrasesReviewButDoNotBlock()
    {
        var verdict = ShippedRules.Moderate("Now recruiting. Whites only. We're recruiting. Looking for men. DM for vetting. Europeans only.");

        Assert.Equal(ModerationAction.Review, verdict.Action);
    }

    [Theory]
    [InlineData("ISIS, al-Qaeda and al-Shabaab remain the most active jihadist groups in the Sahel and Horn of Africa.")]
    [InlineData("Al-Qaeda, ISIS and al-Shabaab all claimed attacks in the region last year.")]
    public void NamingSeveralGroupsIsNotPropaganda(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Labels[Labels.ExtremistPropaganda].Flagged);
        Assert.True(verdict.Labels[Labels.ExtremistPropaganda].Score > 0);
    }

    [Fact]
    public void ANameBesideASloganStillGoesToReview()
    {
        var verdict = ShippedRules.Moderate("Remaining and expanding! The Islamic State, al-Qaeda's heirs.");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
    }
}
