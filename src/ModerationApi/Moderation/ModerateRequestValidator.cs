using FluentValidation;
using Microsoft.Extensions.Options;
using ModerationApi.Hosting;

namespace ModerationApi.Moderation;

/// <summary>Validates one post against the configured limits.</summary>
internal sealed class ModerateRequestValidator : AbstractValidator<ModerateRequest>
{
    public ModerateRequestValidator(IOptions<ValidationOptions> options)
    {
        var limits = options.Value;
        RuleFor(r => r.Text)
            .NotNull().WithMessage("'text' is required.")
            .NotEmpty().WithMessage("'text' must not be empty.")
            .MaximumLength(limits.MaxTextLength).WithMessage($"'text' must be at most {limits.MaxTextLength} characters.");
        RuleFor(r => r.Id)
            .MaximumLength(limits.MaxIdLength).WithMessage($"'id' must be at most {limits.MaxIdLength} characters.")
            .Must(id => id is null || !id.Any(char.IsControl)).WithMessage("'id' must not contain control characters.");
        RuleFor(r => r.Language)
            .MaximumLength(35).WithMessage("'language' must be a BCP 47 tag of at most 35 characters.")
            .Matches("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$").When(r => r.Language is not null)
            .WithMessage("'language' must be a BCP 47 tag such as 'en' or 'ar'.");
    }
}
