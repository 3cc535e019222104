namespace ModerationApi.Security;

/// <summary>API key scopes; each is also the name of the authorization policy that requires it.</summary>
internal static class Scopes
{
    public const string Moderate = "moderate";
    public const string Review = "review";
    public const string Admin = "admin";
    public const string ClaimType = "scope";

    public static IReadOnlyList<string> All { get; } = [Moderate, Review, Admin];
}
