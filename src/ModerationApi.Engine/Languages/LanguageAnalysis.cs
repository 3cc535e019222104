namespace ModerationApi.Engine.Languages;

/// <summary>The languages of a post and the views the models read.</summary>
/// <param name="Languages">Languages found, the one with most letters first.</param>
/// <param name="Views">The Latin- and Arabic-script views with enough words to be read.</param>
internal sealed record LanguageAnalysis(IReadOnlyList<string> Languages, IReadOnlyList<LanguageView> Views)
{
    /// <summary>The view in a language, if the post has one.</summary>
    public LanguageView? View(string language)
    {
        foreach (var view in Views)
        {
            if (view.Language == language)
            {
                return view;
            }
        }

        return null;
    }
}
