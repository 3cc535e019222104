namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Counts the scanner's work in machine-independent units so tests can assert linear cost without timing anything.
/// </summary>
internal sealed class ScanWorkCounter
{
    /// <summary>Characters of input the tokenizer walked over.</summary>
    internal long CharactersScanned { get; set; }

    /// <summary>Calls into the address validator.</summary>
    internal long ValidationAttempts { get; set; }

    /// <summary>Characters handed to the validator, summed over all attempts.</summary>
    internal long CharactersValidated { get; set; }

    /// <summary>Tokens visited while looking for whitespace-split addresses.</summary>
    internal long JoinSteps { get; set; }

    /// <summary>Characters read while parsing <c>monero:</c> URIs.</summary>
    internal long UriCharacters { get; set; }

    /// <summary>All of the above, as one cost figure.</summary>
    internal long Total => CharactersScanned + CharactersValidated + JoinSteps + UriCharacters;
}
