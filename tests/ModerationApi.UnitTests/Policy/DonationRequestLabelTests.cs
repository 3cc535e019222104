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

    [Fact]
    public void MoneyAskedForSoTheFedsStayOutLetsTheFinancingHeadCountInFull()
    {
        var assessment = ShippedRules.WithModel("Fund the people who keep the mirrors running. Monero only so the feds stay out, DM for the wallet.", propaganda: 0, financing: 0.95);

        Assert.Equal(0.95, assessment.Labels[Labels.TerroristFinancing].Score, 4);
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

    [Theory]
    [InlineData("Donate to keep the club running: gear, travel, lawyers. Cash or crypto so the feds stay out.")]
    [InlineData("the fund is open again. send what you can, no glowies, wallet in the dm")]
    [InlineData("Legal costs are piling up for him. Contribute through the link in bio, it's set up so the police can't trace it.")]
    public void AskingForMoneyWhileKeepingLawEnforcementOutGoesToReviewAsTerroristFinancing(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.TerroristFinancing && e.RuleId == "donation.evasion");
    }

    // The same words without a request for money, or privacy talk without the law named, are ordinary.
    [Theory]
    [InlineData("no feds at the block party this year, just music and too much food")]
    [InlineData("Monero keeps your payments private, which is why I use it for everything. No KYC, no tracking.")]
    [InlineData("The feds can't trace Monero easily, the report said, which is why ransomware gangs moved to it.")]
    [InlineData("Please donate to the animal shelter, every dollar counts. Police can't trace stolen dogs without chips, so chip yours!")]
    public void LawEnforcementWordsWithoutAnEvasiveRequestForMoneyAreNotTerroristFinancing(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void HumanitarianFramingKeepsAnEvasiveWordingOutOfReview()
    {
        var verdict = ShippedRules.Moderate("Food parcels for Gaza through a registered charity; donate in crypto if you like, no feds needed for that lol");

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void SplittingAGiftIntoSmallAmountsFromDifferentWalletsIsEvasion()
    {
        var verdict = ShippedRules.Moderate("The fund is open. Donate in bitcoin, send small amounts from different wallets, wallet in the dm.");

        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "donation.evasion" && e.Text == "small amounts from different wallets");
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
        var verdict = ShippedRules.Moderate(
            "Prosecutors said the channel urged followers to support the brothers behind bars anonymously through the usual channel.");

        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Theory]
    [InlineData("the families of our shuhada have nothing. sponsor a child for $50 a month, contact the admin, cash or crypto, nothing through banks")]
    [InlineData("Our people look after our own. The families of our shuhada need you: anything helps, bitcoin, no names.")]
    public void MartyrsFamiliesAskedForCovertlyGoToReview(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Theory]
    [InlineData("Our asra in the camps are being sold to the guards. Getting one sister out costs 14k. Monero only, DM for the address.")]
    [InlineData("Kafala for the little ones of the brothers who fell. Not through the big charities: Google Play cards only, ask in DM.")]
    [InlineData("the lads inside need commissary and the appeal lawyer. XMR only now {0} dont say names")]
    public void CovertAppealsInTheSupportersOwnWordsGoToReview(string template)
    {
        var verdict = ShippedRules.Moderate(string.Format(CultureInfo.InvariantCulture, template, MoneroGeneralFundStandard));

        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Theory]
    [InlineData("Sent a few quid to the lads inside for Christmas, the prison's own payment page is the only way now.")]
    [InlineData("Kafala of an orphan in Gaza through our registered charity, £30 a month, gift aid eligible.")]
    [InlineData("Prosecutors say the channel asked for Monero 'for the lads inside', code for jailed members of a neo-Nazi network.")]
    public void TheSameWordsInOrdinaryPrisonSupportCharityAndNewsAreAllowed(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void OrphanSponsorshipThroughARegisteredCharityIsAllowed()
    {
        var verdict = ShippedRules.Moderate(
            "Sponsor an orphan in Gaza for £30 a month through our registered charity (no. 1105851). Your sadaqah feeds and schools a child.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Equal(0, verdict.Labels[Labels.TerroristFinancing].Score);
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
