using FluentValidation;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Screening;
using ModerationApi.Storage.Review;

namespace ModerationApi.Moderation;

/// <summary>Registers the engine (rules, policy, model, verdict cache, known content) and the moderation endpoints.</summary>
internal static class ModerationExtensions
{
    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName)
            .Validate(o => Directory.Exists(o.ResolvedRulesPath), "Engine:RulesPath must name an existing folder of *.rules files.")
            .Validate(o => o.ResolvedSanctionsPath is null || Directory.Exists(o.ResolvedSanctionsPath), "Engine:SanctionsPath must name an existing folder.")
            .ValidateOnStart();
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.SectionName)
            .Validate(o => Labels.All.All(l => o.For(l).Problem() is null), "Policy thresholds are inconsistent (0 <= Low <= Medium <= High <= 1, ReviewAt <= BlockAt).")
            .ValidateOnStart();

        services.AddOptions<KnownContentOptions>().BindConfiguration(KnownContentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The one engine of the process, built the way the CLI builds its own (ModerationEngineBuilder) from the same
        // sections; the stores are the service's (verdict cache, review store) and the model is the micro-batcher.
        services.AddSingleton(sp => new ModerationEngineBuilder(sp.GetRequiredService<IOptions<EngineOptions>>().Value)
            .WithPolicy(sp.GetRequiredService<IOptions<PolicyOptions>>().Value)
            .WithClassifier(sp.GetService<ITextClassifier>())
            .WithScreen(sp.GetRequiredService<IOptions<ScreenOptions>>().Value, sp.GetService<ArabicTextClassifier>())
            .WithCache(sp.GetRequiredService<IVerdictCache>())
            .WithKnownContent(sp.GetRequiredService<IOptions<KnownContentOptions>>().Value, new ReviewStoreKnownContent(sp.GetRequiredService<IReviewStore>()))
            .Build());
        services.AddSingleton(sp => sp.GetRequiredService<ModerationEngine>().Rules);
        services.AddSingleton<ModerationService>();

        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonName(member.Name);
        services.AddSingleton<IValidator<ModerateRequest>, ModerateRequestValidator>();
        services.AddSingleton<IValidator<ModerateBatchRequest>, ModerateBatchRequestValidator>();
        return builder;
    }

    private static string JsonName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
