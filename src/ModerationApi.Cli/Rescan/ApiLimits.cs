namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The service's default request limits (section <c>Validation</c>), applied to every archive record the CLI moderates
/// (rescan, submit, worker), so an archive verdict exists only for a post the API would also have accepted. A record
/// outside them is malformed and goes to the errors file with the reason.
/// </summary>
internal static class ApiLimits
{
    /// <summary>The service's <c>Validation:MaxTextLength</c> default, in UTF-16 code units.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>The service's <c>Validation:MaxIdLength</c> default.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Why the API would refuse this post, or null when it would accept it.</summary>
    public static string? Problem(string id, string text)
    {
        if (text.Length == 0)
        {
            return "empty text (the API refuses it)";
        }

        if (text.Length > MaxTextLength)
        {
            return $"text longer than {MaxTextLength} characters (the API's limit)";
        }

        if (id.Length > MaxIdLength)
        {
            return $"id longer than {MaxIdLength} characters (the API's limit)";
        }

        return id.Any(char.IsControl) ? "control characters in the id (the API refuses them)" : null;
    }
}
