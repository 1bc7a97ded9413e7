using DIH4S.Api.Hosting;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Identity;

/// <summary>
/// On start, creates the hub office and the configured coordinator (<c>Bootstrap:*</c>) unless that person
/// exists; once the server listens, creates the development coordinator where it may exist
/// (<see cref="DevelopmentCoordinator"/>) and says in the log which applies.
/// </summary>
internal sealed partial class BootstrapCoordinator(
    IGrainFactory grains,
    AccountService accounts,
    DeskClock clock,
    IOptions<BootstrapOptions> options,
    DevelopmentCoordinator development,
    IHostEnvironment environment,
    IServer server,
    ILogger<BootstrapCoordinator> logger) : IHostedLifecycleService
{
    /// <summary>The hub office's fixed id: every coordinator belongs to it.</summary>
    public const string HubOrganizationId = "org_hub-office";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var hub = await HubOfficeAsync();
        var (email, password) = (options.Value.AdminEmail, options.Value.AdminPassword);
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password)
            && await CreateUnlessExistsAsync(hub, email, "Hub coordinator", password))
        {
            LogCreated(logger, email);
        }
    }

    /// <summary>After every service started, the server included: its listening addresses are known.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var decision = DevelopmentCoordinator.Decide(environment, addresses);
        switch (decision)
        {
            case DevelopmentCoordinator.Decision.Offered:
                await CreateUnlessExistsAsync(await HubOfficeAsync(), DevelopmentCoordinator.Email, DevelopmentCoordinator.DisplayName, DevelopmentCoordinator.Password);
                LogDevelopmentOffered(logger, DevelopmentCoordinator.Email, string.Join(", ", addresses));
                break;
            case DevelopmentCoordinator.Decision.NotLoopback:
                LogDevelopmentNotLoopback(logger, addresses.Count == 0 ? "(unknown)" : string.Join(", ", addresses));
                break;
            default:
                LogDevelopmentNotDevelopment(logger, environment.EnvironmentName);
                break;
        }

        development.Decided(decision);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<Organization> HubOfficeAsync()
    {
        var registry = grains.GetGrain<IOrganizationRegistryGrain>(0);
        if (await registry.GetAsync(HubOrganizationId) is { } hub)
        {
            return hub;
        }

        hub = new Organization(HubOrganizationId, "Hub office", OrganizationKind.Hub, null, null, null, [], clock.UtcNow);
        await registry.CreateAsync(hub);
        return hub;
    }

    private async Task<bool> CreateUnlessExistsAsync(Organization hub, string email, string displayName, string password)
    {
        if (await grains.GetGrain<IUserDirectoryGrain>(0).FindAsync(email) is not null)
        {
            return false;
        }

        var created = await accounts.CreateMemberAsync(hub, email, displayName, password, [DeskRoles.Coordinator]);
        return created.Value is not null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap coordinator {Email}")]
    private static partial void LogCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development coordinator {Email} is available (Development environment, listening on loopback only: {Addresses}); never expose this node")]
    private static partial void LogDevelopmentOffered(ILogger logger, string email, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "No development coordinator: the environment is {Environment}, not Development")]
    private static partial void LogDevelopmentNotDevelopment(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No development coordinator: the node listens beyond loopback ({Addresses}); its built-in credentials do not sign in here")]
    private static partial void LogDevelopmentNotLoopback(ILogger logger, string addresses);
}
