namespace ModerationApi.UnitTests;

public sealed class SmokeTests
{
    [Fact]
    public void EngineAssemblyLoads() => Assert.Equal("ModerationApi.Engine", typeof(ModerationApi.Engine.EngineAssembly).Assembly.GetName().Name);
}
