namespace ModerationApi.Engine.Rules;

/// <summary>What a rule hit means to the policy. Rule-file sections are named after these (kebab-case).</summary>
internal enum SignalKind
{
    /// <summary>A name of an extremist group, outlet or leader.</summary>
    Entity,

    /// <summary>An entity name that is also an ordinary word or name ("Isis" the goddess); ignored next to homonym context.</summary>
    AmbiguousEntity,

    /// <summary>A group slogan.</summary>
    Slogan,

    /// <summary>Praise of attacks, fighters or martyrdom; calls to join or fight.</summary>
    Glorification,

    /// <summary>A fundraising phrase that is extremist by itself ("equip a mujahid").</summary>
    Appeal,

    /// <summary>An extremist beneficiary (fighters, prisoners of a terrorist group, camps such as al-Hol).</summary>
    Beneficiary,

    /// <summary>Stress on untraceable or anonymous giving.</summary>
    Anonymity,

    /// <summary>A request to donate, send or support.</summary>
    Request,

    /// <summary>A coin name or ticker.</summary>
    Coin,

    /// <summary>
    /// Where the post says the address is ("address in bio", "XMR in bio"): a request for crypto beside a coin, not a
    /// request for money in general.
    /// </summary>
    Pointer,

    /// <summary>A checksum-validated crypto address.</summary>
    Address,

    /// <summary>A <c>monero:</c> payment URI.</summary>
    MoneroUri,

    /// <summary>An address on a configured sanctions list.</summary>
    Sanctioned,

    /// <summary>An NFT marketplace, IPFS or contract:token link.</summary>
    NftLink,

    /// <summary>NFT vocabulary (mint, collection, token).</summary>
    NftTerm,

    /// <summary>The ISIS NFT series names (IS-NEWS).</summary>
    NftSeries,

    /// <summary>A call to mint, buy, collect or spread an NFT ("mint now", "collect it before they delete it").</summary>
    NftPromotion,

    /// <summary>Words that show an ambiguous entity means something else (goddess, cat).</summary>
    HomonymContext,

    /// <summary>News, research or counter-speech framing.</summary>
    Reporting,

    /// <summary>Ordinary religious practice (zakat, Ramadan, jihad al-nafs, the mosque).</summary>
    ReligiousLife,

    /// <summary>
    /// A beneficiary that implies an extremist cause without naming a group ("the imprisoned brothers", "get the sisters
    /// out of the camp", "our imprisoned soldiers"): meaningful only next to a request for money.
    /// </summary>
    ImpliedBeneficiary,

    /// <summary>A call to give that carries its implied cause in itself ("pay the smugglers", "fund the movement").</summary>
    ImpliedAppeal,

    /// <summary>Humanitarian or registered-charity framing (a charity number, food parcels, the Red Crescent).</summary>
    Humanitarian,

    /// <summary>
    /// Remembrance and solidarity after an attack ("thinking of the victims", "hate has no place"): like
    /// <see cref="ReligiousLife"/>, it lowers only a model score, never a rule's, so appending it clears nothing a rule found.
    /// </summary>
    Remembrance,

    /// <summary>A call to join a group ("now recruiting", "DM for vetting"): meaningful only next to an exclusion.</summary>
    Recruitment,

    /// <summary>Admission by race ("European descent only", "whites only"): meaningful only next to a call to join.</summary>
    Exclusion,

    /// <summary>People cast as vermin, disease or invaders; corroborates the propaganda head near its threshold, never counts alone.</summary>
    Dehumanisation,

    /// <summary>
    /// A movement's own words for its enemies and people that ordinary talk does not use ("race traitors", "the
    /// rafidah", slurs): corroborates the propaganda head near its threshold like <see cref="Dehumanisation"/>, never
    /// counts alone.
    /// </summary>
    Jargon,

    /// <summary>An attacker made a saint ("saint", "canonised"): corroborates only beside <see cref="ScoreKeeping"/>.</summary>
    Sainthood,

    /// <summary>Victims counted as a game ("high score", "leaderboard"): corroborates only beside <see cref="Sainthood"/>.</summary>
    ScoreKeeping,
}
