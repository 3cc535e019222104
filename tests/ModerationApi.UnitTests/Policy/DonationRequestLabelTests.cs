using System.Globalization;
using ModerationApi.Engine.Policy;
using static ModerationApi.UnitTests.Policy.AddressVectors;

namespace ModerationApi.UnitTests.Policy;

/// <summary>
/// Labels say what is in the post: every crypto donation request is flagged as one (allowed when nothing points to an
/// extremist cause), and an appeal whose extremist cause is only implied is terrorist financing once it asks for crypto,
/// anonymously or privately. Shipped rules, default thresholds, no model.
/// </summary>
public sealed class DonationRequestLabelTests
{
    [Fact]
    public void OpenSourceMoneroRequestIsFlaggedAsDonationRequestAtLowSeverityAndAllowed()
    {
        var verdict = ShippedRules.Moderate($"Our terminal app is free and ad-free. Tips keep the CI running: donate XMR {MoneroGeneralFundStandard}");

        var crypto = verdict.Labels[Labels.CryptoDonationRequest];
        Assert.True(crypto.Flagged);
        Assert.Equal(Severity.Low, crypto.Severity);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Flagged);
        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void PaymentUriAloneIsADonationRequest()
    {
        var verdict = ShippedRules.Moderate($"monero:{MoneroGeneralFundSubaddress}?tx_amount=0.1");

        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void RequestNamingACoinWithoutAnAddressIsADonationRequest()
    {
        var verdict = ShippedRules.Moderate("If the newsletter helps you, please donate in bitcoin, link on my profile.");

        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    // Pointing at the bio or a pinned post for the address asks for crypto as much as "donate XMR" does. Clubs,
    // parishes, fraternities and prison ministries do it next to "the brothers" (a second reader's probes): a crypto
    // donation request, never terrorist financing.
    [Theory]
    [InlineData("The app is free and always will be. If it saves you time, XMR in bio 🙏")]
    [InlineData("Streaming every night this week for the shelter cats. Address in my bio, BTC or LTC.")]
    [InlineData("Homecoming weekend! The brothers of our chapter are raising money for the house repairs. Venmo or BTC in bio.")]
    [InlineData("The brothers in prison we visit every week asked for bibles and stamps. Address in pinned for anyone giving in bitcoin.")]
    [InlineData("The brothers and sisters on the picket line need the hardship fund topped up before rent day. BTC in bio.")]
    public void AddressInTheBioWithACoinIsADonationRequest(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    // Beside an implied cause the pointer counts when the gift is to stay hidden: that is how the prisoner and camp
    // appeals ask.
    [Theory]
    [InlineData("The brothers behind bars need lawyers and commissary, the system wants them forgotten. XMR in bio, nothing through banks.", "the brothers behind bars")]
    [InlineData("Our jailed soldiers did their duty. Their families need rent this winter: address in my bio, Monero only.", "our jailed soldiers")]
    public void ImpliedCauseWithTheAddressInTheBioAndAnonymityGoesToReview(string text, string beneficiary)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Text.Equals(beneficiary, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AddressWithoutARequestIsNotADonationRequest()
    {
        var verdict = ShippedRules.Moderate($"Which format is this? {MoneroGeneralFundStandard} my node says it is valid");

        Assert.False(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Score > 0);
    }

    [Fact]
    public void ImpliedCauseWithAMoneroAddressGoesToReviewAsTerroristFinancing()
    {
        var verdict = ShippedRules.Moderate($"Brothers and sisters, pay the smugglers so the sisters in the camp can leave. XMR: {MoneroGeneralFundSubaddress}");

        var financing = verdict.Labels[Labels.TerroristFinancing];
        Assert.True(financing.Flagged);
        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.TerroristFinancing && e.RuleId == "phrases.implied-appeal" && e.Text == "pay the smugglers");
    }

    [Fact]
    public void ImpliedCauseAskedForAnonymouslyWithoutAnAddressGoesToReview()
    {
        var verdict = ShippedRules.Moderate("Our imprisoned brothers have families who go hungry while the guards hold them. Give anonymously, the usual channel.");

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Review, verdict.Action);
    }

    [Fact]
    public void ARequestThatContainsTheImpliedBeneficiaryCountsNextToAPaymentUri()
    {
        var verdict = ShippedRules.Moderate($"support the brothers monero:{MoneroGeneralFundStandard}");

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.implied-beneficiary" && e.Text == "the brothers");
    }

    [Fact]
    public void AnAddressNextToAnImpliedBeneficiaryAsksForMoneyWithoutARequestWord()
    {
        var verdict = ShippedRules.Moderate($"bitcoin works too for the captives: {MoneroProjectBitcoin}");

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.TerroristFinancing && e.Text == "the captives");
    }

    [Fact]
    public void AnImpliedBeneficiaryFarFromTheAddressIsNotAskedFor()
    {
        var filler = string.Join(' ', Enumerable.Repeat("The weather in the valley was cold and the harvest came late that year.", 6));
        var verdict = ShippedRules.Moderate($"The captives came home in 1946, my grandmother wrote. {filler} Unrelated: my node's tip jar {MoneroProjectBitcoin}");

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void ImpliedCauseWordsWithoutACovertChannelStayBelowReview()
    {
        var verdict = ShippedRules.Moderate("Please donate so the families of the imprisoned brothers are not forgotten this winter.");

        var financing = verdict.Labels[Labels.TerroristFinancing];
        Assert.False(financing.Flagged);
        Assert.True(financing.Score > 0);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void ImpliedBeneficiaryWithoutARequestScoresNothing()
    {
        var verdict = ShippedRules.Moderate("The sisters in the camp told reporters they had not seen a doctor in months.");

        Assert.Equal(0, verdict.Labels[Labels.TerroristFinancing].Score);
    }

    [Fact]
    public void HumanitarianFramingKeepsAnImpliedCauseOutOfReview()
    {
        var verdict = ShippedRules.Moderate(
            $"Food parcels for the sisters in the camps of northern Syria, through the Red Crescent. Donate in XMR if you prefer: {MoneroGeneralFundSubaddress}");

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
    }

    [Fact]
    public void AnImpliedCauseLetsTheFinancingHeadCountInFull()
    {
        // Without a cause the head's score is halved (it cannot tell an open-source appeal from an extremist one).
        var implied = ShippedRules.WithModel("Support the brothers behind bars, DM for the wallet.", propaganda: 0, financing: 0.9);
        var plain = ShippedRules.WithModel("Support our open-source project, DM for the wallet.", propaganda: 0, financing: 0.9);

        Assert.Equal(0.9, implied.Labels[Labels.TerroristFinancing].Score, 4);
        Assert.Equal(0.45, plain.Labels[Labels.TerroristFinancing].Score, 4);
    }

    [Fact]
    public void AnonymityAloneDoesNotLetTheFinancingHeadCountInFull()
    {
        // Privacy projects promise anonymity too; the head scores some of their donation pages high.
        var assessment = ShippedRules.WithModel("Fund the people who keep the mirrors running. Monero only, donate anonymously, DM for the wallet.", propaganda: 0, financing: 0.95);

        Assert.Equal(0.475, assessment.Labels[Labels.TerroristFinancing].Score, 4);
        Assert.Equal(ModerationAction.Allow, assessment.Action);
    }

    [Theory]
    [InlineData("Our legal fund for the imprisoned patriots of the movement is almost empty. Donate what you can, every dollar keeps our soldiers fighting. BTC {0}", "imprisoned patriots of the movement")]
    [InlineData("The movement's prisoners sit in cells for defending their people. Send what you can to {0}, the state will not feed their kids.", "the movement's prisoners")]
    [InlineData("Support the brothers behind the wire. Their families need you. Donate: {0}", "the brothers behind the wire")]
    [InlineData("The movement\u2019s prisoners sit in cells for defending their people. Send what you can to {0}.", "the movement\u2019s prisoners")]
    public void MovementPrisonerAppealWithAnAddressIsTerroristFinancing(string template, string beneficiary)
    {
        var verdict = ShippedRules.Moderate(string.Format(CultureInfo.InvariantCulture, template, MoneroProjectBitcoin));

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.implied-beneficiary" && e.Text.Equals(beneficiary, StringComparison.OrdinalIgnoreCase));
    }

    // Appeals written the way they circulate: the cause in the supporters' own word or a camp beneficiary, the request
    // as "every dollar counts", the channel a DM, a bio or Telegram rather than an address in the post.
    [Theory]
    [InlineData("Brothers, the dawlah needs your wealth as much as your blood. Give your sadaqa to the right hands, DM for wallet.", "the dawlah")]
    [InlineData("Get our sisters in the camps out before winter. The drivers need paying, every dollar counts. Telegram for details, no PayPal.", "sisters in the camps")]
    [InlineData("The dawlah will not forget who stood with it. Every $ counts, send BTC.", "the dawlah")]
    [InlineData("Boots and rifles before winter. Give what you can in XMR so the kuffar can't trace it, DM the channel.", "so the kuffar can't trace")]
    public void AppealsInTheWordingTheyCirculateInGoToReview(string text, string beneficiary)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.RuleId.StartsWith("phrases.", StringComparison.Ordinal) && e.Text.Equals(beneficiary, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Selling my old graphics card, crypto only, DM for wallet. Every dollar counts for the new build lol")]
    [InlineData("Our robotics club is raising funds for the regional final. Every dollar counts, wallet in bio!")]
    [InlineData("Please help our brothers and sisters in Gaza, every dollar counts, DM for wallet if you give in crypto.")]
    [InlineData("Winter is coming for the families in Gaza. Help the brothers who drive the aid trucks, DM for the wallet.")]
    [InlineData("In the Telegram channels we studied, supporters call it \"the dawlah\" and ask for donations in Monero, DM for wallet.")]
    [InlineData("Food parcels for the sisters in the camps, through a registered charity. Every dollar counts, details on our site.")]
    // Civil-liberties, privacy and ordinary charity appeals talk about the feds, no KYC and splitting gifts; none implies
    // a cause, so none is terrorist financing (a second reader's probes; each went to review in a first version).
    [InlineData("Support EFF and help keep the feds out of your inbox. Donate today, every dollar counts.")]
    [InlineData("Rapid-response fund: help us keep the feds away from families in our neighbourhood. Donate what you can.")]
    [InlineData("Donate to keep the node running. No KYC, no feds, just code. XMR welcome.")]
    [InlineData("Tip jar for the privacy guide, XMR only, no glowies lol. Anything helps.")]
    [InlineData("Support the Monero dev fund. Donate in XMR, the feds can't touch it.")]
    [InlineData("Support Tor! Donate so the government can't trace what you read.")]
    [InlineData("Please donate to our food bank and the animal shelter, split your donation however you like!")]
    [InlineData("Can't afford much? Send small amounts, every penny counts for the kids' hospital ward.")]
    // Gaza's dead are called shuhada, Palestinian prisoners asra, prisoners and strikers "the lads inside", monks "the
    // brothers", and relief posts and place names carry "al-Qassam": wordings tried as causes and dropped, and anonymity
    // words kept out of the list.
    [InlineData("Families of our shuhada in Gaza have lost everything. Send what you can via USDT, anything helps.")]
    [InlineData("Kafala: sponsor one of the orphans of our shuhada in Gaza for $40 a month, donate by card or bitcoin.")]
    [InlineData("Our asra in Israeli jails need lawyers. Donate via bitcoin or bank transfer to the legal fund.")]
    [InlineData("Collecting for the lads inside this Christmas, bank transfer or crypto, anything helps.")]
    [InlineData("Strike fund for the lads inside the plant: chip in, no names, cash only.")]
    [InlineData("The brothers at St Benedict's Abbey need a new roof. Donate what you can, cheques or gift cards welcome.")]
    [InlineData("The brothers at St Benedict's Abbey need a new roof. Donate what you can, bitcoin welcome.")]
    [InlineData("Our fraternity's spring formal fund: the brothers are chipping in, venmo or bitcoin, anything helps.")]
    [InlineData("Homecoming weekend! The brothers are raising money for the chapter house roof. Donate via Venmo or BTC.")]
    [InlineData("Day 40 of the strike. The brothers and sisters on the picket line need the hardship fund topped up. Donate BTC.")]
    [InlineData("Prison ministry: the brothers in prison we visit asked for bibles and stamps. Donate in bitcoin if you can.")]
    [InlineData("100% goes to families in Rafah, nothing to Hamas or al-Qassam. Donate in USDT, every dollar counts.")]
    [InlineData("Help rebuild the Izz al-Din al-Qassam mosque school in Jenin. Donate in bitcoin or by card.")]
    [InlineData("Researchers found appeals asking for Monero 'so the kuffar cannot trace it'; donate to our monitoring project by card.")]
    public void OrdinaryFundraisingAndResearchWithTheSameWordsStayAllowed(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    // Prisoner and prisoner-of-war appeals of states, veterans and dissidents use the same words as the movements' ones,
    // and often take crypto: none of them may read as an implied extremist cause.
    [Theory]
    [InlineData("Our prisoners of war are still held in Russian camps. Help their families: donate to our POW relief fund, BTC {0}")]
    [InlineData("Never forget our POWs and MIAs. Support the veterans' post this Memorial Day, donations in bitcoin welcome: {0}")]
    [InlineData("Our political prisoners in Belarus need lawyers and parcels. Donate what you can: {0}")]
    [InlineData("Our jailed brothers in the union were arrested on the picket line. Donate to the strike fund for their bail, BTC {0}")]
    public void StateVeteranAndDissidentPrisonerAppealsAreNotTerroristFinancing(string template)
    {
        var verdict = ShippedRules.Moderate(string.Format(CultureInfo.InvariantCulture, template, MoneroProjectBitcoin));

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void ImpliedAppealFarFromAnAddressDoesNotMakeTheAddressARequest()
    {
        var verdict = ShippedRules.Moderate(
            "Support the movement, they said at the meeting, and most of the hall cheered while the rest left early. "
            + "The town has argued about the new bypass for two years and the council still cannot agree on a route, a budget or a date. "
            + $"Unrelated: my node's address is {MoneroGeneralFundStandard}");

        Assert.False(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
    }

    [Fact]
    public void AddressBesideAnImpliedBeneficiaryWithoutARequestWordIsAlsoADonationRequest()
    {
        var verdict = ShippedRules.Moderate($"Our brothers behind the wire are waiting. Every coin brings them closer to freedom. XMR: {MoneroGeneralFundStandard}");

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.CryptoDonationRequest && e.RuleId == "crypto.address.xmr");
    }

    [Fact]
    public void AnImpliedCauseAskedForSoThePoliceCannotTraceItGoesToReview()
    {
        var covert = ShippedRules.Moderate("Our imprisoned brothers need lawyers. Send what you can through the link, so the police can't trace it.");
        var plain = ShippedRules.Moderate("Our imprisoned brothers need lawyers. Send what you can through the link.");

        Assert.Equal(ModerationAction.Review, covert.Action);
        Assert.Contains(covert.Evidence, e => e.Label == Labels.TerroristFinancing && e.Text == "so the police can't trace");
        Assert.Equal(ModerationAction.Allow, plain.Action);
    }

    [Fact]
    public void AnAddressBesideAnImpliedCauseIsNotLoweredByReportingWords()
    {
        // "arrested" is a reporting cue; a prisoner appeal says it about its own prisoners.
        var verdict = ShippedRules.Moderate($"Legal defence fund: the brothers arrested in the sting need real lawyers. BTC {MoneroProjectBitcoin}");

        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void AnImpliedCauseWithoutAnAddressIsStillLoweredByReportingWords()
    {
        var framed = ShippedRules.Moderate(
            "Prosecutors said the channel urged followers to support the brothers behind bars anonymously through the usual channel.");
        var unframed = ShippedRules.Moderate(
            "The channel urged followers to support the brothers behind bars anonymously through the usual channel.");

        Assert.Equal(ModerationAction.Allow, framed.Action);
        Assert.Equal(ModerationAction.Review, unframed.Action);
    }

    [Fact]
    public void AnAppealThatWarnsAboutImpostorsIsNotCleared()
    {
        var verdict = ShippedRules.Moderate("Our imprisoned brothers need lawyers. Monero only, DM for the wallet. Please report fake accounts using our name.");

        Assert.Equal(ModerationAction.Review, verdict.Action);
    }

    // One ask beside a name, however its request words nest ("donate" inside "donate now") or overlap ("please donate"
    // and "donate now"): scored like a single request word, and allowed.
    [Theory]
    [InlineData("Al-Qaeda's new video ends with a plea: donate now.", "Al-Qaeda's new video ends with a plea: give generously.")]
    [InlineData("ISIS's new video ends with the words 'please donate now'.", "ISIS's new video ends with the word 'donations'.")]
    public void RequestWordsThatNestOrOverlapBesideANameAreOneAsk(string text, string singleRequest)
    {
        var verdict = ShippedRules.Moderate(text);
        var single = ShippedRules.Moderate(singleRequest);

        Assert.Equal(single.Labels[Labels.TerroristFinancing].Score, verdict.Labels[Labels.TerroristFinancing].Score);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void ACoinPhraseThatHoldsARequestWordStillAsksForCrypto()
    {
        // "crypto" followed by the request word "wallet": the coin and the request must stay two signals.
        var verdict = ShippedRules.Moderate("Our imprisoned brothers need lawyers. Crypto wallet in bio.");

        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void OrphanSponsorshipThroughARegisteredCharityIsAllowed()
    {
        // "orphans of our martyrs" is an implied beneficiary; the registered charity is what keeps it out of review.
        var verdict = ShippedRules.Moderate(
            "Sponsor one of the orphans of our martyrs for £30 a month through our registered charity (no. 1105851), bitcoin accepted.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void FlagAtOutsideTheUnitIntervalIsReportedAsAProblem()
    {
        Assert.NotNull(new LabelThresholds { FlagAt = 1.5 }.Problem());
        Assert.Null(new LabelThresholds { FlagAt = 0.45 }.Problem());
    }

    [Fact]
    public void FlagAtChangesThePolicyVersion()
    {
        var shipped = new PolicyEngine(new PolicyOptions());
        var stricter = new PolicyEngine(new PolicyOptions { CryptoDonationRequest = new() { ReviewAt = 0.85, BlockAt = null, FlagAt = 0.3 } });

        Assert.NotEqual(shipped.Version, stricter.Version);
    }
}
