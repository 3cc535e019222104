using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Observability;

namespace ModerationApi.Admission;

/// <summary>
/// One request's gate to the model: the posts the cache did not answer are admitted by their cost under the caller's
/// key, and the model call gets the admission deadline; a full queue or a passed deadline is counted and reported.
/// </summary>
internal sealed class RequestModelGate(ModelAdmission admission, ModerationMetrics metrics, string apiKey) : IModelGate
{
    public IReadOnlyList<int>? Admit(IReadOnlyList<string> texts) => admission.Admit(texts, apiKey);

    public async Task<IReadOnlyList<Assessment>> RunAsync(Func<CancellationToken, Task<IReadOnlyList<Assessment>>> assess, CancellationToken cancellationToken)
    {
        using var deadline = admission.Deadline(cancellationToken);
        try
        {
            return await assess(deadline.Token);
        }
        catch (ModelQueueFullException)
        {
            admission.QueueRefused();
            throw;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            metrics.AdmissionRefused("deadline");
            throw new ModelDeadlineException(admission.ModelDeadline, ex);
        }
    }
}
