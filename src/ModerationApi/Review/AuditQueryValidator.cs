using FluentValidation;

namespace ModerationApi.Review;

/// <summary>Checks the audit export's time range.</summary>
internal sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.From)
            .Must(f => string.IsNullOrEmpty(f) || ReviewItemsQuery.TryParseTime(f, out _))
            .WithMessage("'from' must be an ISO-8601 time such as 2026-01-31T12:00:00Z.");
        RuleFor(q => q.To)
            .Must(t => string.IsNullOrEmpty(t) || ReviewItemsQuery.TryParseTime(t, out _))
            .WithMessage("'to' must be an ISO-8601 time such as 2026-01-31T12:00:00Z.");
    }
}
