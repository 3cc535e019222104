using FluentValidation;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;
using ModerationApi.Rules;

namespace ModerationApi.Moderation;

/// <summary>Registers the engine (normaliser, rules, policy, pipeline) and the moderation feature.</summary>
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
        services.AddOptions<ValidationOptions>().BindConfiguration(ValidationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<TextNormalizer>();
        services.AddSingleton(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            return new RuleSetProvider(sp.GetRequiredService<TextNormalizer>(), engine.ResolvedRulesPath, engine.ResolvedSanctionsPath);
        });
        services.AddSingleton(sp => new PolicyEngine(sp.GetRequiredService<IOptions<PolicyOptions>>().Value));
        services.AddSingleton(sp => new ModerationPipeline(
            sp.GetRequiredService<TextNormalizer>(),
            sp.GetRequiredService<RuleSetProvider>(),
            sp.GetRequiredService<PolicyEngine>(),
            sp.GetService<ITextClassifier>()));
        services.AddSingleton<ModerationService>();

        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonName(member.Name);
        services.AddSingleton<IValidator<ModerateRequest>, ModerateRequestValidator>();
        services.AddSingleton<IValidator<ModerateBatchRequest>, ModerateBatchRequestValidator>();
        return builder;
    }

    private static string JsonName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
