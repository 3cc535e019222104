using FluentValidation;
using Microsoft.Extensions.Options;
using ModerationApi.Hosting;

namespace ModerationApi.Moderation;

/// <summary>Validates a batch and every item in it; errors name the item, as in <c>items[3].text</c>.</summary>
internal sealed class ModerateBatchRequestValidator : AbstractValidator<ModerateBatchRequest>
{
    public ModerateBatchRequestValidator(IOptions<ValidationOptions> options, IValidator<ModerateRequest> itemValidator)
    {
        var limits = options.Value;
        RuleFor(r => r.Items)
            .NotNull().WithMessage("'items' is required.")
            .Must(items => items is { Count: > 0 }).WithMessage("'items' must hold at least one post.")
            .Must(items => items is null || items.Count <= limits.MaxBatchItems).WithMessage($"'items' must hold at most {limits.MaxBatchItems} posts.");
        RuleForEach(r => r.Items)
            .NotNull().WithMessage("each item must be an object with 'text'.")
            .SetValidator(itemValidator);
    }
}
