using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Admission;

/// <summary>Cost-based admission to the model and the readiness check of its queue.</summary>
internal static class AdmissionExtensions
{
    public static WebApplicationBuilder AddAdmission(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.KeyTokensPerWindow >= o.MaxRequestTokens, "Admission:KeyTokensPerWindow must be at least Admission:MaxRequestTokens, or a request within budget could never run.")
            .Validate<IOptions<ClassifierOptions>>(
                (o, classifier) => !classifier.Value.Enabled || classifier.Value.QueueCapacity >= o.MaxRequestTokens,
                "Classifier:QueueCapacity (model tokens) must be at least Admission:MaxRequestTokens, or a request within budget could never be queued.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModelAdmission>();
        builder.Services.AddHealthChecks().AddCheck<ModelQueueHealthCheck>("model-queue");
        return builder;
    }
}
