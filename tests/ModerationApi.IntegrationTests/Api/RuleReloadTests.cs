using System.Net;
using System.Net.Http.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>Rules reload without a restart; a broken file is rejected by file and line and the old rules keep serving.</summary>
public sealed class RuleReloadTests : IDisposable
{
    private readonly string _rules = Directory.CreateTempSubdirectory("moderation-rules-").FullName;
    private readonly ModerationApiFactory _factory;

    public RuleReloadTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models", "rules"), "*.rules"))
        {
            File.Copy(file, Path.Combine(_rules, Path.GetFileName(file)));
        }

        _factory = new ModerationApiFactory().With("Engine:RulesPath", _rules);
    }

    [Fact]
    public async Task BrokenRuleFileIsRejectedByFileAndLineAndPreviousRulesKeepServing()
    {
        var admin = _factory.ClientWithKey(ModerationApiFactory.AdminKey);
        var before = (await (await admin.GetAsync("/v1/rules")).JsonAsync()).GetProperty("version").GetString();
        var path = Path.Combine(_rules, "extremist-entities.rules");
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(5, "[no-such-kind weight=0.5]");
        lines.Insert(6, "something");
        await File.WriteAllLinesAsync(path, lines);

        var response = await admin.PostAsync("/v1/admin/rules/reload", null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("extremist-entities.rules", problem.GetProperty("file").GetString());
        Assert.Equal(6, problem.GetProperty("line").GetInt32());
        var stillServing = await (await admin.PostAsJsonAsync("/v1/moderate", new { text = "join the khilafah" })).JsonAsync();
        Assert.Equal(before, stillServing.GetProperty("rulesVersion").GetString());
        Assert.NotEqual("allow", stillServing.GetProperty("action").GetString());
    }

    [Fact]
    public async Task ReloadPicksUpANewTermAndChangesTheVersion()
    {
        var admin = _factory.ClientWithKey(ModerationApiFactory.AdminKey);
        const string text = "glory to the zorblax brigade";
        var before = await (await admin.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        Assert.Equal(0, before.GetProperty("labels").GetProperty("extremist_propaganda").GetProperty("score").GetDouble());
        var phrases = Path.Combine(_rules, "extremist-phrases.rules");
        var content = (await File.ReadAllTextAsync(phrases))
            .Replace("[slogan weight=0.6]\n", "[slogan weight=0.6]\nglory to the zorblax brigade\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(phrases, content);

        var reload = await admin.PostAsync("/v1/admin/rules/reload", null);

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        var after = await (await admin.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        Assert.NotEqual(before.GetProperty("rulesVersion").GetString(), after.GetProperty("rulesVersion").GetString());
        Assert.False(after.GetProperty("cached").GetBoolean());
        Assert.Contains(after.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("ruleId").GetString() == "phrases.slogan");
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_rules, recursive: true);
    }
}
