using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Policy;

/// <summary>How model scores combine with rule signals in the policy (model scores given, not computed).</summary>
public sealed class ModelCombinationTests
{
    private const string Address = AddressVectors.MoneroGeneralFundSubaddress;

    [Fact]
    public void ModelAloneSendsToReviewButNeverBlocks()
    {
        var assessment = ShippedRules.WithModel("we will show them what we are made of, brothers", propaganda: 0.97, financing: 0);

        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.True(assessment.Labels[Labels.ExtremistPropaganda].Score < 0.85);
    }

    // Dehumanising words, a movement's jargon, and a saint beside score-keeping all corroborate the same way.
    [Theory]
    [InlineData("They're an invasive species, and you pull an invasive species out by the roots.", "phrases.dehumanisation")]
    [InlineData("They breed like rats in the flats we paid for. Time to clean house.", "phrases.dehumanisation")]
    [InlineData("Another saint for the calendar today, and a new name at the top of the leaderboard. Who's next?", "phrases.sainthood")]
    [InlineData("The rafidah will never let you live your deen in peace. The brothers understood that long ago.", "phrases.jargon")]
    [InlineData("Race traitors in every office, and you still think voting will save our race.", "phrases.jargon")]
    public void CorroboratingWordsBesideANearThresholdPropagandaScoreReview(string text, string ruleId)
    {
        var assessment = ShippedRules.WithModel(text, propaganda: 0.5, financing: 0);

        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.Contains(assessment.Evidence, e => e.Label == Labels.ExtremistPropaganda && e.RuleId == ruleId
            && e.Detail.Contains("beside a propaganda score", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("They're an invasive species, and you pull an invasive species out by the roots.", 0.48)]
    [InlineData("The Nazis called Jews untermenschen and vermin before the deportations. Never again means never again.", 0.55)]
    [InlineData("Police said the leaflets called refugees 'invaders' and 'parasites'; the council condemned them.", 0.55)]
    [InlineData("The 1940 film cut between people and rats, calling them 'parasites' and 'vermin'. Dehumanisation is always step one.", 0.55)]
    [InlineData("Another saint for the calendar today, and a new name at the top of the leaderboard. Who's next?", 0.45)]
    [InlineData("Saints fans, what a finish! Same again next week and we destroy them from minute one.", 0.58)]
    [InlineData("Researchers say the channels keep a leaderboard of attackers and call each one a saint.", 0.55)]
    [InlineData("According to the court, the cell called Shia Muslims the rafidah and praised al-Qaeda online.", 0.55)]
    [InlineData("Calling a mass murderer a 'saint' and his victims a 'high score' doesn't make you edgy.", 0.55)]
    public void CorroboratingWordsDoNotReviewBelowTheBarAloneFramedOrQuoted(string text, double propaganda)
    {
        var assessment = ShippedRules.WithModel(text, propaganda, financing: 0);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Fact]
    public void CorroboratingWordsAreEvidenceOnlyWhenTheyLiftTheScore()
    {
        var assessment = ShippedRules.WithModel("Race traitors in every office, and you still think voting will save our race.", propaganda: 0.9, financing: 0);

        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.DoesNotContain(assessment.Evidence, e => e.RuleId == "phrases.jargon");
    }

    [Fact]
    public void AMovementsJargonIsNoEvidenceWithoutTheModel()
    {
        var verdict = ShippedRules.Moderate("Race traitors and the rafidah: the saints and their high scores knew them all.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Empty(verdict.Evidence);
    }

    [Theory]
    [InlineData("Kappa Sigma is raising money for Mike's surgery. Send via PayPal F&F so nothing gets eaten by fees.")]
    [InlineData("Our mosque is collecting for families who lost their jobs this winter. Donate through the hawala office, no banks involved.")]
    public void EverydayPaymentRoutesAreNotCovert(string text)
    {
        var assessment = ShippedRules.WithModel(text, propaganda: 0.01, financing: 0.998);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Fact]
    public void DehumanisingWordsAloneNeverBlock()
    {
        var assessment = ShippedRules.WithModel("Vermin, parasites, a swarm of invaders. Subhumans, every one.", propaganda: 0.55, financing: 0);

        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.True(assessment.Labels[Labels.ExtremistPropaganda].Score < 0.85);
    }

    [Fact]
    public void ModelRaisesAFundraisingAppealWithNoAddressWhenTheCauseIsExtremist()
    {
        var assessment = ShippedRules.WithModel("The mujahideen on the front need boots and food before winter.", propaganda: 0.2, financing: 0.8);

        Assert.True(assessment.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(0.8, assessment.Labels[Labels.TerroristFinancing].Score, 3);
    }

    [Fact]
    public void UncorroboratedFinancingScoreStaysBelowReview()
    {
        var assessment = ShippedRules.WithModel($"Help keep this privacy wallet alive! Donate XMR: {Address}", propaganda: 0.05, financing: 0.9);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
        Assert.Equal(0.45, assessment.Labels[Labels.TerroristFinancing].Score, 3);
    }

    [Theory]
    [InlineData("our guy who did what needed doing needs commissary. gift cards ok, DM me")]
    [InlineData("the fellas doing real work on the ground need gear before winter. crypto only, no names")]
    [InlineData("ya ikhwa, those who can't go can still give. dm the bot")]
    [InlineData("the brother who did what needed to be done needs lawyers now. wallet in bio")]
    public void NearCertainFinancingHeadReviewsACovertAppealWhoseCauseNoRuleNames(string text)
    {
        var assessment = ShippedRules.WithModel(text, propaganda: 0.01, financing: 0.995);

        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.True(assessment.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void NearCertainFinancingHeadAloneNeverBlocks()
    {
        // A validated address beside nothing extremist: the rules see a donation request, not a cause.
        var assessment = ShippedRules.WithModel($"back the ones doing the real work. monero only {Address}", propaganda: 0.01, financing: 1.0);

        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.True(assessment.Labels[Labels.TerroristFinancing].Score < 0.85);
    }

    // Each stays halved, so below review: a named charity (even at near certainty, and even when the propaganda head
    // would corroborate), no covert channel (a second reader's benign appeals reached 0.99: the head reads wording, not
    // cause), or a head just below certainty.
    [Theory]
    [InlineData("Our regiment's benevolent fund helps veterans living with PTSD. Brothers in arms leave no one behind. Donate via the link.", 0.35, 0.995)]
    [InlineData("Winter appeal: food parcels and blankets for families in the camps, through our registered charity. Donate in BTC.", 0.35, 0.995)]
    [InlineData("Raising funds for the orphans of the martyrs of the earthquake in Syria. Crypto welcome, DM the bot.", 0.35, 0.995)]
    [InlineData("Our rifle club is raising money for a new range berm. Members and friends, send what you can. Safety first.", 0.01, 0.998)]
    [InlineData("Commissary for my brother inside, send $20 to his JPay. He gets out in 2027 inshallah.", 0.01, 0.998)]
    [InlineData("the fellas doing real work on the ground need gear. crypto only, no names", 0.01, 0.985)]
    public void FinancingHeadStaysHalvedForNamedCharityNoCovertChannelOrBelowCertainty(string text, double propaganda, double financing)
    {
        var assessment = ShippedRules.WithModel(text, propaganda, financing);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
        Assert.Equal(financing / 2, assessment.Labels[Labels.TerroristFinancing].Score, 4);
    }

    [Theory]
    [InlineData("Report these channels posting 'Monero only for the brothers'. That's terror financing, not charity.")]
    [InlineData("Seminar on Thursday: how appeals for 'the brothers in the camps' raise crypto. Open to postgrads.")]
    public void CounterSpeechAndResearchAboutAppealsLowerTheFinancingHead(string text)
    {
        var assessment = ShippedRules.WithModel(text, propaganda: 0.01, financing: 1.0);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Fact]
    public void PropagandaHeadCorroboratesTheFinancingHead()
    {
        var assessment = ShippedRules.WithModel("Stand with the brothers who fight, give what you can.", propaganda: 0.5, financing: 0.8);

        Assert.True(assessment.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void RuleCertaintyIsNotDilutedByALowModelScore()
    {
        var assessment = ShippedRules.WithModel($"Equip a mujahid of the Islamic State, send Monero: {Address}", propaganda: 0.01, financing: 0.01);

        Assert.Equal(ModerationAction.Block, assessment.Action);
        Assert.Equal(Severity.High, assessment.Labels[Labels.TerroristFinancing].Severity);
    }

    [Fact]
    public void NewsAboutExtremismStaysAllowedWhenTheModelIsQuiet()
    {
        var assessment = ShippedRules.WithModel(
            "Police said the Islamic State claimed the attack; analysts at the think tank said the group's Amaq outlet exaggerated the toll.",
            propaganda: 0.1, financing: 0.02);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Fact]
    public void OrdinaryReligiousPracticeLowersAModelOnlyScore()
    {
        var assessment = ShippedRules.WithModel(
            "The greatest jihad is jihad al-nafs, the struggle against your own ego. Pray, fast in Ramadan and give zakat.",
            propaganda: 0.95, financing: 0.1);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Theory]
    [InlineData("Five years since the mosque shootings. Thinking of the victims and their families today; hate has no place in this country.")]
    [InlineData("Our thoughts are with everyone in the synagogue this morning. Stand with the victims, not with the men who hate them.")]
    public void RemembranceAfterAnAttackLowersAModelOnlyScore(string text)
    {
        var assessment = ShippedRules.WithModel(text, propaganda: 0.95, financing: 0.01);

        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Fact]
    public void RemembranceWordsDoNotShieldGlorification()
    {
        const string text = "Thinking of the victims? Think of Saint Tarrant, who acted. Hate has no place, my foot.";

        // The rule alone reviews; with the model agreeing on the label, the post blocks. Neither is lowered.
        Assert.Equal(ModerationAction.Review, ShippedRules.Moderate(text).Action);
        Assert.Equal(ModerationAction.Block, ShippedRules.WithModel(text, propaganda: 0.95, financing: 0.01).Action);
    }

    [Fact]
    public void ReligiousWordsDoNotShieldAPostWithAnExtremistSignal()
    {
        var assessment = ShippedRules.WithModel(
            "This Ramadan make hijrah to the khilafah, the soldiers of the caliphate are waiting for you.",
            propaganda: 0.95, financing: 0.1);

        Assert.NotEqual(ModerationAction.Allow, assessment.Action);
    }
}
