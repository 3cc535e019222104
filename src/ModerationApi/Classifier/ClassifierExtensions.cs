using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Screening;
using ModerationApi.Observability;

namespace ModerationApi.Classifier;

/// <summary>
/// The model stage: one encoder and one head session for the process, plus the Arabic model, routed by language
/// (<see cref="LanguageRoutingClassifier"/>), behind a micro-batcher that coalesces concurrent requests fairly, bounds
/// each batch and its queue in model tokens, and refuses work with 503 + Retry-After when its queue is full.
/// </summary>
internal static class ClassifierExtensions
{
    public static WebApplicationBuilder AddClassifier(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClassifierOptions>().BindConfiguration(ClassifierOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || File.Exists(o.ResolvedHeadsPath), "Classifier:HeadsPath must name the trained heads (models/heads/heads-int8.onnx, or heads.onnx with Classifier:Precision=Fp32), or set Classifier:Enabled=false.")
            .Validate(o => !o.Enabled || File.Exists(o.ResolvedArabicModelPath), "Classifier:ArabicModelPath must name the Arabic model (models/arabic/arabic.bin), or set Classifier:Enabled=false.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClassifierOptions>, EncoderAdapterValidation>();
        builder.Services.AddSingleton<IValidateOptions<ClassifierOptions>, HeadsPrecisionValidation>();
        builder.Services.AddOptions<ScreenOptions>().BindConfiguration(ScreenOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<ClassifierOptions>>((o, model) => !o.Enabled || !model.Value.Enabled || File.Exists(o.ResolvedModelPath),
                "Screen:ModelPath must name the encoder screen (models/screen/screen.bin), or set Screen:Enabled=false.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(ClassifierOptions.SectionName).Get<ClassifierOptions>() ?? new ClassifierOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddSingleton(sp => ModelLoader.Load(sp.GetRequiredService<IOptions<ClassifierOptions>>().Value)!);
        builder.Services.AddSingleton(sp => ModelLoader.LoadArabic(sp.GetRequiredService<IOptions<ClassifierOptions>>().Value)!);
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClassifierOptions>>().Value;
            // English views to the English model, Arabic views to the Arabic model (see LanguageRoutingClassifier). Batches
            // are costed by the English model's tokens of the whole post: an over-estimate for Arabic text, never under.
            var model = sp.GetRequiredService<OnnxTextClassifier>();
            var routed = ModelLoader.Route(model, sp.GetRequiredService<ArabicTextClassifier>());
            var batcher = new MicroBatchingClassifier(routed, new MicroBatchOptions
            {
                MaxBatchSize = o.MaxBatchSize,
                MaxBatchCost = o.MaxBatchTokens,
                MaxWait = TimeSpan.FromMilliseconds(o.MaxWaitMilliseconds),
                QueueCapacity = o.QueueCapacity,
                Cost = model.CostOf,
                FairShareQuantum = 128,
            });
            var metrics = sp.GetRequiredService<ModerationMetrics>();
            batcher.BatchCompleted += metrics.ModelBatch;
            batcher.RequestAdmitted += metrics.ModelBatchesWaited;
            return batcher;
        });
        builder.Services.AddSingleton<ITextClassifier>(sp => sp.GetRequiredService<MicroBatchingClassifier>());
        return builder;
    }
}
