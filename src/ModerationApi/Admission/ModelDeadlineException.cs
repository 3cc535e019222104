namespace ModerationApi.Admission;

/// <summary>A request's posts waited for the model past <see cref="AdmissionOptions.ModelDeadline"/> and were dropped (503).</summary>
internal sealed class ModelDeadlineException(TimeSpan deadline, Exception inner)
    : Exception($"The posts waited for the model longer than {deadline.TotalSeconds:0.#} s.", inner)
{
    public TimeSpan Deadline { get; } = deadline;
}
