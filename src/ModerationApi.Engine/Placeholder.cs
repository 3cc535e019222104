namespace ModerationApi.Engine;

/// <summary>Marker for the engine assembly.</summary>
public static class EngineAssembly;
