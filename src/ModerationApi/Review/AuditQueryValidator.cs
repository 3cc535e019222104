using FluentValidation;

namespace ModerationApi.Review;

/// <summary>Checks the audit export's time range.</summary>
internal sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.From).OptionalTime("from");
        RuleFor(q => q.To).OptionalTime("to");
    }
}
