namespace ModerationApi.Security;

/// <summary>One configured key: a name for logs and audit, the SHA-256 of the key in hex, and its scopes.</summary>
internal sealed class ApiKeyEntry
{
    public string Name { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public List<string> Scopes { get; set; } = [];
}
