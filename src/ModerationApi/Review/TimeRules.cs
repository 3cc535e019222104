using FluentValidation;

namespace ModerationApi.Review;

/// <summary>The rule every <c>from</c>/<c>to</c> query parameter of the review API follows, with one message.</summary>
internal static class TimeRules
{
    /// <summary>The value is absent or an ISO-8601 time that <see cref="ReviewItemsQuery.TryParseTime"/> reads.</summary>
    /// <param name="rule">The rule for the parameter.</param>
    /// <param name="parameter">The parameter's name as the caller spells it, for the message.</param>
    /// <returns>The rule, for chaining.</returns>
    public static IRuleBuilderOptions<T, string?> OptionalTime<T>(this IRuleBuilder<T, string?> rule, string parameter) =>
        rule.Must(value => string.IsNullOrEmpty(value) || ReviewItemsQuery.TryParseTime(value, out _))
            .WithMessage($"'{parameter}' must be an ISO-8601 time such as 2026-01-31T12:00:00Z.");
}
