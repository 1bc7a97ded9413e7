using DIH4S.Api.Hosting;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Identity;

/// <summary>On start, creates the hub office and the configured coordinator unless that person exists.</summary>
internal sealed partial class BootstrapCoordinator(
    IGrainFactory grains,
    AccountService accounts,
    DeskClock clock,
    IOptions<BootstrapOptions> options,
    ILogger<BootstrapCoordinator> logger) : IHostedService
{
    /// <summary>The hub office's fixed id: every coordinator belongs to it.</summary>
    public const string HubOrganizationId = "org_hub-office";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registry = grains.GetGrain<IOrganizationRegistryGrain>(0);
        var hub = await registry.GetAsync(HubOrganizationId);
        if (hub is null)
        {
            hub = new Organization(HubOrganizationId, "Hub office", OrganizationKind.Hub, null, null, null, [], clock.UtcNow);
            await registry.CreateAsync(hub);
        }

        var (email, password) = (options.Value.AdminEmail, options.Value.AdminPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        if (await grains.GetGrain<IUserDirectoryGrain>(0).FindAsync(email) is not null)
        {
            return;
        }

        var created = await accounts.CreateMemberAsync(hub, email, "Hub coordinator", password, [DeskRoles.Coordinator]);
        if (created.Value is not null)
        {
            LogCreated(logger, email);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap coordinator {Email}")]
    private static partial void LogCreated(ILogger logger, string email);
}
