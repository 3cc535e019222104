using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Security;

/// <summary>API keys (section <c>ApiKeys</c>), stored only as SHA-256 hashes.</summary>
internal sealed class ApiKeyOptions : IValidatableObject
{
    public const string SectionName = "ApiKeys";

    /// <summary>The environment variable that may hold one plain key with every scope, for local runs and scripts.</summary>
    public const string PlainKeyVariable = "MODERATION_API_KEY";

    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>The plain key from <see cref="PlainKeyVariable"/>; bound by the host, never from files.</summary>
    public string? PlainKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return new ValidationResult($"ApiKeys:Keys:{i}:Name is required.");
            }

            if (key.Sha256 is not { Length: 64 } || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                yield return new ValidationResult($"ApiKeys:Keys:{i}:Sha256 must be 64 hex digits (the SHA-256 of the key).");
            }

            foreach (var scope in key.Scopes)
            {
                if (!Scopes.All.Contains(scope))
                {
                    yield return new ValidationResult($"ApiKeys:Keys:{i}:Scopes has unknown scope '{scope}' (known: {string.Join(", ", Scopes.All)}).");
                }
            }
        }
    }
}
