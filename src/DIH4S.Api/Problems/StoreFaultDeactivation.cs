namespace DIH4S.Api.Problems;

/// <summary>
/// A grain whose call failed on a store fault has changed its state in memory without writing it (its
/// handlers change the state, then write). Left active, it would show a change the caller was told had
/// failed (503), and write it with its next change. This deactivates such a grain once the call is over:
/// its next call reloads what the store holds, or fails again while the store is away (ADR 0018).
/// </summary>
internal sealed partial class StoreFaultDeactivation(ILogger<StoreFaultDeactivation> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (Unavailability.IsStoreFault(exception))
        {
            LogDeactivating(logger, context.TargetId, context.ImplementationMethod.Name);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, exception,
                "A store fault interrupted a call; the state is reloaded from the store."));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain {GrainId} deactivated after a store fault in {Method}: its next call reloads its state.")]
    private static partial void LogDeactivating(ILogger logger, GrainId grainId, string method);
}
