using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Observability;

namespace ModerationApi.Classifier;

/// <summary>
/// The model stage: one encoder and one head session for the process, behind a micro-batcher that coalesces
/// concurrent requests and refuses work with 503 + Retry-After when its queue is full.
/// </summary>
internal static class ClassifierExtensions
{
    public static WebApplicationBuilder AddClassifier(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClassifierOptions>().BindConfiguration(ClassifierOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || File.Exists(o.ResolvedHeadsPath), "Classifier:HeadsPath must name the trained heads (models/heads/heads.onnx), or set Classifier:Enabled=false.")
            .Validate<IOptions<Moderation.ValidationOptions>>(
                (o, limits) => !o.Enabled || o.QueueCapacity >= limits.Value.MaxBatchItems,
                "Classifier:QueueCapacity must be at least Validation:MaxBatchItems, or a full batch request could never be queued.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClassifierOptions>, EncoderAdapterValidation>();

        var options = builder.Configuration.GetSection(ClassifierOptions.SectionName).Get<ClassifierOptions>() ?? new ClassifierOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClassifierOptions>>().Value;
            return new MiniLmEncoder(new EncoderOptions
            {
                IntraOpThreads = o.IntraOpThreads,
                MaxBatchSize = o.EncoderBatchSize,
                AllowSpinning = o.AllowSpinning,
                UseAdapter = o.UseAdapter,
                AdapterPath = o.ResolvedAdapterPath,
            });
        });
        builder.Services.AddSingleton(sp => HeadModel.Load(sp.GetRequiredService<IOptions<ClassifierOptions>>().Value.ResolvedHeadsPath));
        builder.Services.AddSingleton(sp => new OnnxTextClassifier(sp.GetRequiredService<MiniLmEncoder>(), sp.GetRequiredService<HeadModel>()));
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClassifierOptions>>().Value;
            var batcher = new MicroBatchingClassifier(sp.GetRequiredService<OnnxTextClassifier>(), new MicroBatchOptions
            {
                MaxBatchSize = o.MaxBatchSize,
                MaxWait = TimeSpan.FromMilliseconds(o.MaxWaitMilliseconds),
                QueueCapacity = o.QueueCapacity,
                MaxLargeRequestBatch = 256,
            });
            var metrics = sp.GetRequiredService<ModerationMetrics>();
            batcher.BatchCompleted += metrics.ModelBatch;
            return batcher;
        });
        builder.Services.AddSingleton<ITextClassifier>(sp => sp.GetRequiredService<MicroBatchingClassifier>());
        return builder;
    }
}
