namespace DIH4S.Api.Identity;

/// <summary>Says on start how the data-protection keys are stored (ADR 0014); storing them in clear is a warning.</summary>
internal sealed partial class KeyRingNotice(KeyRingProtection protection, IHostEnvironment environment, ILogger<KeyRingNotice> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (protection.Kind)
        {
            case KeyRingProtection.Mode.Certificate:
                LogEncrypted(logger, protection.Certificate!.Subject, protection.Certificate.Thumbprint);
                break;
            case KeyRingProtection.Mode.UnencryptedInDevelopment:
                LogUnencryptedInDevelopment(logger, KeyRingProtection.CertificatePathSetting);
                break;
            default:
                LogUnencryptedByChoice(logger, KeyRingProtection.AllowUnencryptedSetting, environment.EnvironmentName, KeyRingProtection.CertificatePathSetting);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Data-protection keys are encrypted at rest with the certificate {Subject} ({Thumbprint})")]
    private static partial void LogEncrypted(ILogger logger, string subject, string thumbprint);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Data-protection keys are stored UNENCRYPTED in the database (Development environment, {Setting} not set): anyone who reads the database can forge tokens")]
    private static partial void LogUnencryptedInDevelopment(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "SECURITY: {AllowSetting} is true in the {Environment} environment: data-protection keys are stored UNENCRYPTED in the database and anyone who reads it can forge tokens. Set {Setting} and remove {AllowSetting}")]
    private static partial void LogUnencryptedByChoice(ILogger logger, string allowSetting, string environment, string setting);
}
