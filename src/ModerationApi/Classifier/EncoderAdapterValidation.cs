using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Classifier;

/// <summary>
/// Start-up check of the encoder adapter: a missing or corrupt adapter stops the service before it serves a verdict,
/// with the reason in the message, instead of failing on the first post or scoring with the wrong encoder.
/// </summary>
internal sealed class EncoderAdapterValidation : IValidateOptions<ClassifierOptions>
{
    public ValidateOptionsResult Validate(string? name, ClassifierOptions options)
    {
        if (!options.Enabled || !options.UseAdapter)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            _ = EncoderAdapter.Load(options.ResolvedAdapterPath);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(
                $"Classifier:AdapterPath: {ex.Message} The shipped heads need the encoder with its adapter; set "
                + "Classifier:UseAdapter=false only with heads trained on the base model.");
        }
    }
}
