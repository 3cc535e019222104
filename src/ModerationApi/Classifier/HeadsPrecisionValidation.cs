using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Classifier;

/// <summary>
/// Start-up check that the heads were trained on the encoder precision the service runs (<c>Classifier:Precision</c>):
/// heads calibrated on fp32 embeddings do not keep their false-positive budget on int8 ones, or the other way round.
/// </summary>
internal sealed class HeadsPrecisionValidation : IValidateOptions<ClassifierOptions>
{
    public ValidateOptionsResult Validate(string? name, ClassifierOptions options)
    {
        if (!options.Enabled || !File.Exists(options.ResolvedHeadsPath))
        {
            // A missing heads file has its own message (ClassifierExtensions).
            return ValidateOptionsResult.Skip;
        }

        try
        {
            using var heads = HeadModel.Load(options.ResolvedHeadsPath);
            HeadPrecision.EnsureMatches(heads, options.Precision, "Classifier:Precision=" + options.Precision);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidDataException ex)
        {
            return ValidateOptionsResult.Fail("Classifier:HeadsPath: " + ex.Message);
        }
    }
}
