using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using static ModerationApi.UnitTests.Policy.AddressVectors;

namespace ModerationApi.UnitTests.Policy;

/// <summary>Positives and hard negatives through the shipped rules and default thresholds (no model).</summary>
public sealed class PolicyBehaviourTests
{
    [Fact]
    public void OpenSourceMoneroDonationIsLowSeverityDonationRequestAndAllowed()
    {
        var verdict = ShippedRules.Moderate(
            $"Monero is built by volunteers. If you find it useful, please consider donating to the General Fund: {MoneroGeneralFundSubaddress}");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Flagged);
        var crypto = verdict.Labels[Labels.CryptoDonationRequest];
        Assert.Equal(Severity.Low, crypto.Severity);
        Assert.Equal(0, verdict.Labels[Labels.TerroristFinancing].Score);
        var address = Assert.Single(verdict.Evidence, e => e.RuleId == "crypto.address.xmr");
        Assert.Equal(MoneroGeneralFundSubaddress, address.Text);
        Assert.Contains("subaddress", address.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SameAddressWithExtremistBeneficiaryIsTerroristFinancingHighAndBlocked()
    {
        var verdict = ShippedRules.Moderate(
            $"Brothers, equip a mujahid of the Islamic State. Donate anonymously, Monero only: {MoneroGeneralFundSubaddress}");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.Equal(Severity.High, verdict.Labels[Labels.TerroristFinancing].Severity);
        Assert.Equal(Severity.High, verdict.Labels[Labels.CryptoDonationRequest].Severity);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.TerroristFinancing && e.RuleId == "phrases.appeal" && e.Text == "equip a mujahid");
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.TerroristFinancing && e.Text == MoneroGeneralFundSubaddress);
    }

    [Fact]
    public void AnAppealPhraseNextToAnAddressIsADonationRequestWithoutTheWordDonate()
    {
        var verdict = ShippedRules.Moderate($"Equip a mujahid of the Islamic State, Monero only: {MoneroGeneralFundSubaddress}");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.Equal(Severity.High, verdict.Labels[Labels.CryptoDonationRequest].Severity);
        Assert.Equal(Severity.High, verdict.Labels[Labels.TerroristFinancing].Severity);
    }

    [Fact]
    public void ArabicAppealWithCoinNameIsTerroristFinancing()
    {
        var verdict = ShippedRules.Moderate("جاهد بمالك يا أخي، تبرع لجنود الخلافة عبر مونيرو فقط");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.appeal" && e.Text == "جاهد بمالك");
    }

    [Fact]
    public void DirectMessageForTheXmrAddressIsADonationRequestButNotAnAction()
    {
        var verdict = ShippedRules.Moderate("Want to support the channel? DM for the XMR address.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Score > 0);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.CryptoDonationRequest && e.Text == "XMR");
    }

    [Fact]
    public void MosqueZakatAppealIsAllowedWithNoScores()
    {
        var verdict = ShippedRules.Moderate(
            "Ramadan Mubarak! Our masjid is collecting zakat and sadaqah for families in need this month. Donate at the office after Jumu'ah, may Allah reward you.");

        AssertClean(verdict);
    }

    [Fact]
    public void GazaReliefAppealIsAllowed()
    {
        var verdict = ShippedRules.Moderate(
            "Families in Gaza have no clean water. Please donate to our registered relief appeal; every $50 buys a hygiene kit. Sisters and brothers, share this post.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Equal(0, verdict.Labels[Labels.TerroristFinancing].Score);
        Assert.Equal(0, verdict.Labels[Labels.ExtremistPropaganda].Score);
    }

    [Fact]
    public void JihadAsInnerStruggleIsAllowed()
    {
        AssertClean(ShippedRules.Moderate(
            "The greatest jihad is the struggle against your own ego (jihad al-nafs). Fast, pray, give sadaqah fi sabilillah and be kind to your parents."));
    }

    [Fact]
    public void IsNewsNftMintWithIpfsLinkIsBlockedAsIsisNft()
    {
        var verdict = ShippedRules.Moderate(
            "IS-NEWS #01 is minted and censorship-proof forever: ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG collect it before the kuffar delete it");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.Equal(Severity.High, verdict.Labels[Labels.IsisNftReference].Severity);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.IsisNftReference && e.Text.StartsWith("ipfs://Qm", StringComparison.Ordinal));
    }

    [Fact]
    public void IsisNftOnOpenSeaIsBlocked()
    {
        var verdict = ShippedRules.Moderate(
            "New drop from the soldiers of the Islamic State: https://opensea.io/assets/ethereum/0x495f947276749ce646f68ac8c248420045cb7b5e/1234 mint now");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.IsisNftReference
            && e.Text == "https://opensea.io/assets/ethereum/0x495f947276749ce646f68ac8c248420045cb7b5e/1234");
        Assert.DoesNotContain(verdict.Evidence, e => e.RuleId == "crypto.address.eth");
    }

    [Fact]
    public void NftOfTheGoddessIsisIsNotAnIsisNft()
    {
        var verdict = ShippedRules.Moderate(
            "Just minted my new NFT collection: Isis, the Egyptian goddess of magic, with Osiris and Horus. Live on https://opensea.io/collection/gods-of-the-nile");

        Assert.Equal(0, verdict.Labels[Labels.IsisNftReference].Score);
        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void CatCalledIsisIsNotIsis()
    {
        AssertClean(ShippedRules.Moderate("My cat Isis knocked the NFT poster off the wall again 😹 token of her love I guess"));
    }

    [Theory]
    [InlineData("Our new paper summarises how ISIS supporters used Monero and NFTs to raise funds after exchanges froze their wallets.")]
    [InlineData("Remember when some ISIS fanboy minted propaganda as an NFT and got it pulled within a day? So much for censorship-proof lol")]
    [InlineData("Platforms need a policy for ISIS content minted as NFTs before the next one shows up.")]
    public void IsisNftMentionWithoutLinkOrPromotionIsAllowedAsLowEvidence(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Labels[Labels.IsisNftReference].Flagged);
        Assert.Equal(Severity.Low, verdict.Labels[Labels.IsisNftReference].Severity);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.IsisNftReference && e.Text == "ISIS");
    }

    [Fact]
    public void IsisNftWordsWithACallToMintAreBlockedWithoutALink()
    {
        var verdict = ShippedRules.Moderate("Islamic State NFTs dropping tonight. Free mint, collect them before they delete it.");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.True(verdict.Labels[Labels.IsisNftReference].Flagged);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.IsisNftReference && e.RuleId == "isis-nft.nft-promotion");
    }

    [Theory]
    [InlineData("New paper: fundraisers linked to ISIS moved from PayPal to Monero, using phrases like 'equip a fighter' and 'whoever equips a raider has raided'.")]
    [InlineData("IS claimed the attack through Amaq, calling the gunman a 'soldier of the caliphate'. Officials said they found no contact with the group.")]
    [InlineData("Our monitoring report lists 'white genocide' and 'day of the rope' among the phrases moderators should recognise.")]
    public void ExtremistWordsQuotedInAReportAreReadAsAMention(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Detail.Contains("read as a mention", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameQuotedAppealWithoutAReportIsStillAnAppeal()
    {
        var verdict = ShippedRules.Moderate(
            "Brothers, 'whoever equips a raider has raided'. Equip a fighter of the Islamic State, DM for the wallet.");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.DoesNotContain(verdict.Evidence, e => e.Detail.Contains("read as a mention", StringComparison.Ordinal));
    }

    [Fact]
    public void AQuotedAppealBesideALiveAddressIsNotReadAsAMention()
    {
        var verdict = ShippedRules.Moderate(
            $"Researchers found the channel's line 'equip a fighter of the Islamic State' beside this wallet: {MoneroGeneralFundSubaddress}");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.DoesNotContain(verdict.Evidence, e => e.Detail.Contains("read as a mention", StringComparison.Ordinal));
    }

    [Fact]
    public void AReportingWordInsideQuotationMarksLowersNothing()
    {
        var plain = ShippedRules.Moderate("Equip a fighter of the Islamic State, the brothers need it. DM for the wallet.");
        var quotedCue = ShippedRules.Moderate("Equip a fighter of the Islamic State, 'as reported', the brothers need it. DM for the wallet.");

        Assert.Equal(ModerationAction.Block, plain.Action);
        Assert.Equal(plain.Action, quotedCue.Action);
        Assert.Equal(plain.Labels[Labels.TerroristFinancing].Score, quotedCue.Labels[Labels.TerroristFinancing].Score);
        Assert.DoesNotContain(quotedCue.Evidence, e => e.Detail.Contains("framing lowers", StringComparison.Ordinal));
    }

    [Fact]
    public void APostThatIsMostlyQuotationSpeaksInItsQuotesVoice()
    {
        var verdict = ShippedRules.Moderate("Monitoring report: \"The khilafah will return. Soldiers of the caliphate, hijrah to the khilafah now.\"");

        Assert.DoesNotContain(verdict.Evidence, e => e.Detail.Contains("read as a mention", StringComparison.Ordinal));
        Assert.True(verdict.Labels[Labels.ExtremistPropaganda].Score > 0.3);
    }

    [Theory]
    [InlineData("Police said they shut our channel. 'Whoever equips a raider has raided.' Send for 'the brothers in the camps', DM the bot.")]
    [InlineData("Researchers say the kuffar look for 'jihad with your wealth'. Ignore them. DM me, send what you can, Monero only.")]
    [InlineData("Officials said this is banned: 'Equip a mujahid of the Islamic State, send what you can, Monero only.' Share it.")]
    public void AnAskRulesOutTheMentionReadingQuotedOrNot(string text)
    {
        var rulesOnly = ShippedRules.Moderate(text);
        var withModel = ShippedRules.WithModel(text, propaganda: 0.1, financing: 0.9);

        Assert.DoesNotContain(rulesOnly.Evidence, e => e.Detail.Contains("read as a mention", StringComparison.Ordinal));
        Assert.True(rulesOnly.Labels[Labels.TerroristFinancing].Score > 0);
        Assert.NotEqual(ModerationAction.Allow, withModel.Action);
    }

    [Fact]
    public void QuotationMarksWithoutAReportAreNotAMention()
    {
        var verdict = ShippedRules.Moderate("\"Blood and soil.\" Say it loud, lads. \"Hail victory.\"");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.ExtremistPropaganda].Flagged);
    }

    [Theory]
    [InlineData("ISIS NFTs: the Amaq archive as tokens, 0.01 ETH each. DM to purchase.")]
    [InlineData("Khilafah tokens on OpenSea. Search it. They deleted our channels, they can't touch the blockchain.")]
    public void SellingIsisNftsIsPromotion(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.True(verdict.Labels[Labels.IsisNftReference].Flagged);
    }

    [Fact]
    public void TheIsNewsSeriesToldWithItsVocabularyButNoLinkOrCallIsNotPromotion()
    {
        var verdict = ShippedRules.Moderate(
            "In 2022 a supporter minted an NFT called IS-NEWS #01 claiming an attack. OpenSea pulled it. Our new piece looks at why censorship-proof storage appeals to extremists.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Label == Labels.IsisNftReference && e.RuleId == "isis-nft.nft-series");
    }

    [Fact]
    public void TheIsNewsSeriesWithACallToMintIsBlockedWithoutALink()
    {
        var verdict = ShippedRules.Moderate("IS-NEWS #02 NFT is out. Mint it and spread it before they delete it.");

        Assert.Equal(ModerationAction.Block, verdict.Action);
        Assert.True(verdict.Labels[Labels.IsisNftReference].Flagged);
    }

    [Fact]
    public void AMentionOfManyIsisNamesBesideNftWordsStaysLow()
    {
        var verdict = ShippedRules.Moderate("ISIS, Daesh, the Islamic State and ISKP all tried NFTs for a few weeks in 2022; none of it lasted.");

        Assert.False(verdict.Labels[Labels.IsisNftReference].Flagged);
        Assert.True(verdict.Labels[Labels.IsisNftReference].Score < 0.5);
    }

    [Fact]
    public void NewsAboutTheIsNewsNftIsAllowed()
    {
        var verdict = ShippedRules.Moderate(
            "An Islamic State supporter minted an NFT called IS-NEWS #01 and listed it on OpenSea, which removed it, the Wall Street Journal reported after researchers at Jihadoscope found it.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.IsisNftReference].Score > 0, "the reference is still evidence, at low weight");
        Assert.Contains(verdict.Evidence, e => e.Detail.Contains("framing lowers", StringComparison.Ordinal));
    }

    [Fact]
    public void NewsAboutTerrorFinanceSeizuresIsAllowed()
    {
        var verdict = ShippedRules.Moderate(
            "The Justice Department said it seized about 300 cryptocurrency accounts used by ISIS and al-Qaeda fundraisers, who asked supporters to donate in bitcoin, officials said.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Theory]
    [InlineData("The kuffar will burn in the fire on the Day of Judgement unless they repent, the imam said.")]
    [InlineData("A documentary about the 14 words and the men who coined them airs tonight.")]
    public void AfterlifeTalkAndFramedMentionsAreAllowed(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void ASingleAppendedCommonWordDoesNotHideASlogan()
    {
        var verdict = ShippedRules.Moderate("14/88 hail victory brothers. report it");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.DoesNotContain(verdict.Evidence, e => e.Detail.Contains("framing lowers", StringComparison.Ordinal));
    }

    [Fact]
    public void ObfuscatedGroupNameWithAThreatGoesToReview()
    {
        var verdict = ShippedRules.Moderate("D.a.e.s.h will rise again, burn the kuffar");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.glorification" && e.Text == "burn the kuffar");
    }

    [Theory]
    [InlineData("The Saint of Christchurch showed us the way. Who will be next to raise the score?", "saint of christchurch")]
    [InlineData("Saint Gendron did what the cowards only talk about. Read his words.", "saint gendron")]
    [InlineData("Never forget Saint Roof. He acted while you posted.", "saint roof")]
    public void CallingAMassShooterASaintGoesToReview(string text, string phrase)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.glorification" && e.Text.Equals(phrase, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Stop crying online. Firebomb your local synagogue and be a man for once.", "firebomb your local synagogue")]
    [InlineData("They will never stop coming. Burn down your local mosque before they outnumber us.", "burn down your local mosque")]
    [InlineData("Sick of talking? Join the Atomwaffen Division, train with us, no feds.", "join the atomwaffen")]
    [InlineData("Hang the race traitors first, then the rest will fall in line.", "hang the race traitors")]
    // A claim in the group's own words: its name for the attackers and for the attack.
    [InlineData("Statement: soldiers of the Islamic State struck a gathering of apostates at dawn, and praise is to Allah alone.", "soldiers of the Islamic State")]
    [InlineData("Ten years since the blessed raid and they still fear us. May Allah accept our brothers.", "the blessed raid")]
    public void CallsToAttackRecruitmentAndClaimsInTheMovementsOwnWordsGoToReview(string text, string phrase)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Review, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.glorification" && e.Text.Equals(phrase, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Police said the man posted \"firebomb your local synagogue\" an hour before he was arrested.")]
    [InlineData("Researchers interviewed former members about why young men join the Atomwaffen Division and how they left.")]
    [InlineData("They burn the mosques and the police watch. We are the ones living in fear here.")]
    [InlineData("My grandfather survived the camps where they tried to kill all Jews. Never again means speaking up now.")]
    [InlineData("The group's news agency said soldiers of the Islamic State carried out the attack; police have not confirmed the claim.")]
    [InlineData("Researchers note the editorial called the bombing \"the blessed raid\", a phrase the group uses for every attack.")]
    public void ReportingResearchVictimsAndRemembranceWithTheSameWordsAreAllowed(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void CanonisationAppealForALocalSaintIsAllowed()
    {
        var verdict = ShippedRules.Moderate("Father Baker could become the first saint of Buffalo. Donate to the canonisation cause at the basilica this Sunday.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.False(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void ResearchQuotingTheSaintsTropeIsAllowed()
    {
        var verdict = ShippedRules.Moderate("Researchers found Telegram channels calling the gunman the 'Saint of Christchurch' and urging copycats; analysts say the trope spreads through memes.");

        Assert.Equal(ModerationAction.Allow, verdict.Action);
    }

    [Fact]
    public void GlorifyingSloganAndEntityGoToReview()
    {
        var verdict = ShippedRules.Moderate("The Islamic State is baqiyah wa tatamaddad! Glory to the soldiers of the caliphate.");

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.ExtremistPropaganda].Flagged);
    }

    [Theory]
    [InlineData("The only solution is a white ethnostate. Non-whites must be removed by any means necessary.")]
    [InlineData("Jews will not replace us! Blood and soil, brothers.")]
    [InlineData("Never forget the 14 words. 14/88")]
    public void WhiteSupremacistSlogansGoToReview(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.NotEqual(ModerationAction.Allow, verdict.Action);
        Assert.True(verdict.Labels[Labels.ExtremistPropaganda].Flagged);
        Assert.Contains(verdict.Evidence, e => e.RuleId == "phrases.slogan");
    }

    [Theory]
    [InlineData("The court heard that the defendant had shared videos praising the soldiers of the caliphate before his arrest.")]
    [InlineData("Reminder that \"day of the rope\" is a neo-Nazi fantasy from The Turner Diaries; if you see it in your replies, report it.")]
    [InlineData("Historians trace the slogan blood and soil to the 19th century and its use by the Nazis.")]
    [InlineData("The white genocide conspiracy theory has moved from fringe forums into mainstream politics.")]
    public void CourtReportingHistoryAndCounterSpeechQuotingSlogansAreAllowed(string text)
    {
        var verdict = ShippedRules.Moderate(text);

        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.Contains(verdict.Evidence, e => e.Detail.Contains("framing lowers", StringComparison.Ordinal)
            || e.Detail.Contains("read as a mention", StringComparison.Ordinal));
    }

    [Fact]
    public void MoneroUriIsEvidenceWithDecodedDescription()
    {
        var uri = $"monero:{MoneroGeneralFundSubaddress}?tx_amount=1.5&tx_description=For%20the%20mujahideen";
        var verdict = ShippedRules.Moderate($"Pay here {uri} and may Allah accept it");

        var evidence = Assert.Single(verdict.Evidence, e => e.RuleId == "crypto.monero-uri" && e.Label == Labels.CryptoDonationRequest);
        Assert.Equal(uri, evidence.Text);
        Assert.Contains("For the mujahideen", evidence.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fikak%20al-asra%20-%20free%20the%20prisoners%20of%20the%20dawlah", true, "the%20dawlah")]
    [InlineData("Monero%20General%20Fund%3A%20thanks%20for%20supporting%20development", false, null)]
    public void MoneroUriDescriptionIsReadDecodedForTheCause(string description, bool extremist, string? encodedCause)
    {
        // The description is the poster's words, percent-encoded, so the lexicons cannot see them in the post's text.
        var uri = $"monero:{MoneroGeneralFundSubaddress}?tx_amount=0.5&tx_description={description}";
        var post = $"Pay here: {uri} tap to give";
        var verdict = ShippedRules.Moderate(post);

        Assert.True(verdict.Labels[Labels.CryptoDonationRequest].Flagged);
        Assert.Equal(extremist, verdict.Labels[Labels.TerroristFinancing].Flagged);
        Assert.Equal(extremist, verdict.Action != ModerationAction.Allow);
        var decoded = verdict.Evidence.Where(e => e.Transforms.Contains("url-decoding")).ToList();
        Assert.All(decoded, e =>
        {
            // Evidence is the encoded text where it stands in the post; its detail names the rule term, not the post.
            Assert.Equal(post[e.Start..e.End], e.Text);
            Assert.Contains(e.Text, uri, StringComparison.Ordinal);
            Assert.DoesNotContain("prisoners", e.Detail, StringComparison.OrdinalIgnoreCase);
        });
        if (encodedCause is not null)
        {
            Assert.Contains(decoded, e => e.Label == Labels.TerroristFinancing && e.Text == encodedCause);
        }
    }

    [Theory]
    [InlineData("Equip the mujahideen of the dawlah")]
    [InlineData("Donate to the brothers on the front")]
    [InlineData("Support the open-source wallet developers")]
    public void AnAppealInAUriDescriptionWeighsWhatTheSameWordsWeighInThePost(string words)
    {
        var encoded = ShippedRules.Moderate($"monero:{MoneroGeneralFundSubaddress}?tx_description={Uri.EscapeDataString(words)}");
        var plain = ShippedRules.Moderate($"monero:{MoneroGeneralFundSubaddress} {words}");

        Assert.Equal(plain.Action, encoded.Action);
        Assert.Equal(plain.Labels[Labels.TerroristFinancing].Score, encoded.Labels[Labels.TerroristFinancing].Score, 6);
    }

    [Fact]
    public void ObfuscatedNameMatchesAndReportsItsTransforms()
    {
        const string text = "join the k-h-i-l-a-f-a-h, soldiers of the cal\u200Biphate";
        var verdict = ShippedRules.Moderate(text);

        var spaced = Assert.Single(verdict.Evidence, e => e.Text == "k-h-i-l-a-f-a-h");
        Assert.Contains("spacing", spaced.Transforms);
        var hidden = Assert.Single(verdict.Evidence, e => e.Text == "soldiers of the cal\u200Biphate");
        Assert.Contains("zero-width", hidden.Transforms);
    }

    [Fact]
    public void EveryEvidenceSpanIsTheSubstringOfTheTextAsSent()
    {
        string[] posts =
        [
            $"ｄｏｎａｔｅ to the ｍｕｊａｈｉｄｅｅｎ: {MoneroGeneralFundStandard} Monero only!",
            "Sup\u200Bport the dа\u200Dеsh brothers 🙏🏽 send xmr",
            "الدولـــة الإسلاميـة باقيـة وتتمدد ١٤٤٥",
            $"d0n@te BTC {MoneroProjectBitcoin} to the l i o n s of the khilafah",
        ];
        foreach (var post in posts)
        {
            var verdict = ShippedRules.Moderate(post);
            Assert.NotEmpty(verdict.Evidence);
            foreach (var evidence in verdict.Evidence)
            {
                Assert.InRange(evidence.Start, 0, post.Length);
                Assert.InRange(evidence.End, evidence.Start, post.Length);
                Assert.Equal(post[evidence.Start..evidence.End], evidence.Text);
            }
        }
    }

    [Fact]
    public void EveryNonZeroScoreHasEvidenceForItsLabel()
    {
        var verdict = ShippedRules.Moderate(
            $"Support the mujahideen of the Islamic State, send XMR to {XmrigStandard}, untraceable. Mint the IS-NEWS #02 nft too.");

        foreach (var (label, result) in verdict.Labels)
        {
            if (result.Score > 0)
            {
                Assert.Contains(verdict.Evidence, e => e.Label == label);
            }
        }
    }

    private static void AssertClean(Verdict verdict)
    {
        Assert.Equal(ModerationAction.Allow, verdict.Action);
        Assert.All(verdict.Labels.Values, l => Assert.Equal(0, l.Score));
        Assert.Empty(verdict.Evidence);
    }
}
