using System.Globalization;
using FluentValidation;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;

namespace ModerationApi.Review;

/// <summary>Every query parameter of the listing; errors name the parameter.</summary>
internal sealed class ReviewItemsQueryValidator : AbstractValidator<ReviewItemsQuery>
{
    public ReviewItemsQueryValidator(IOptions<ReviewOptions> options)
    {
        var max = options.Value.MaxPageSize;
        RuleFor(q => q.Status)
            .Must(s => string.IsNullOrEmpty(s) || ReviewTransitions.TryParse(s, out _))
            .WithMessage("'status' must be pending, confirmed, dismissed or escalated.");
        RuleFor(q => q.Label)
            .Must(l => string.IsNullOrEmpty(l) || Labels.All.Contains(l))
            .WithMessage($"'label' must be one of {string.Join(", ", Labels.All)}.");
        RuleFor(q => q.Action)
            .Must(a => string.IsNullOrEmpty(a) || ReviewItemsQuery.TryParseAction(a, out _))
            .WithMessage("'action' must be allow, review or block.");
        RuleFor(q => q.From).OptionalTime("from");
        RuleFor(q => q.To).OptionalTime("to");
        RuleFor(q => q.Sort)
            .Must(s => ReviewItemsQuery.TryParseSort(s, out _))
            .WithMessage("'sort' must be newest or score.");
        RuleFor(q => q.Limit)
            .Must(l => string.IsNullOrEmpty(l) || (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max))
            .WithMessage($"'limit' must be an integer from 1 to {max}.");
        RuleFor(q => q.Cursor)
            .Must((q, c) => string.IsNullOrEmpty(c) || (ReviewCursor.TryDecode(c, out var cursor) && ReviewItemsQuery.TryParseSort(q.Sort, out var sort) && cursor!.Sort == sort))
            .WithMessage("'cursor' must be the nextCursor of a previous page with the same sort.");
    }
}
