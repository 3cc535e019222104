using ModerationApi.Admission;
using ModerationApi.ApiDocs;
using ModerationApi.Caching;
using ModerationApi.Classifier;
using ModerationApi.Health;
using ModerationApi.Hosting;
using ModerationApi.Moderation;
using ModerationApi.Observability;
using ModerationApi.Rescans;
using ModerationApi.Review;
using ModerationApi.Review.Page;
using ModerationApi.Rules;
using ModerationApi.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddErrorHandling();
builder.AddJson();
builder.AddApiKeySecurity();
builder.AddClassifier();
builder.AddModeration();
builder.AddAdmission();
builder.AddVerdictCache();
builder.AddRescans();
builder.AddReview();
builder.AddObservability();
builder.AddApiDocs();
builder.AddReviewPage();

var app = builder.Build();

app.UseHosting();
app.UseErrorHandling();
app.UseApiKeySecurity();

app.MapModeration();
app.MapRules();
app.MapRescans();
app.MapReview();
app.MapHealth();
app.MapObservability();
app.MapApiDocs();
app.MapReviewPage();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
