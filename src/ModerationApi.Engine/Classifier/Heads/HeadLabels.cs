namespace ModerationApi.Engine.Classifier;

/// <summary>Rules every label list obeys, checked once wherever labels enter the component.</summary>
internal static class HeadLabels
{
    /// <summary>Throws unless the labels can round-trip through the model's comma-separated <c>labels</c> entry.</summary>
    public static string[] Validate(IReadOnlyList<string> labels, string paramName)
    {
        ArgumentNullException.ThrowIfNull(labels, paramName);
        if (labels.Count == 0)
        {
            throw new ArgumentException("At least one label is required.", paramName);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (string.IsNullOrEmpty(label) || label.Contains(',', StringComparison.Ordinal) || label.Trim() != label)
            {
                throw new ArgumentException(
                    $"Label '{label}' is invalid: labels are non-empty, without commas or surrounding whitespace.",
                    paramName);
            }

            if (!seen.Add(label))
            {
                throw new ArgumentException($"Label '{label}' appears twice.", paramName);
            }
        }

        return [.. labels];
    }
}
