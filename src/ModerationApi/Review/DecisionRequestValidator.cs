using FluentValidation;
using Microsoft.Extensions.Options;
using ModerationApi.Storage.Review;

namespace ModerationApi.Review;

/// <summary>Checks the decision and the note's length.</summary>
internal sealed class DecisionRequestValidator : AbstractValidator<DecisionRequest>
{
    public DecisionRequestValidator(IOptions<ReviewOptions> options)
    {
        var maxNote = options.Value.MaxNoteLength;
        RuleFor(r => r.Decision)
            .NotEmpty().WithMessage("'decision' is required.")
            .Must(d => string.IsNullOrEmpty(d) || TryParse(d, out _)).WithMessage("'decision' must be confirm, dismiss or escalate.");
        RuleFor(r => r.Note)
            .MaximumLength(maxNote).WithMessage($"'note' must be at most {maxNote} characters.");
    }

    public static bool TryParse(string? value, out ReviewDecision decision)
    {
        decision = value switch
        {
            "confirm" => ReviewDecision.Confirm,
            "dismiss" => ReviewDecision.Dismiss,
            "escalate" => ReviewDecision.Escalate,
            _ => (ReviewDecision)(-1),
        };
        return Enum.IsDefined(decision);
    }
}
