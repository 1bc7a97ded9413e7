using DIH4S.Api.Hosting;
using DIH4S.Api.Problems;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Identity;

/// <summary>Bearer tokens, password hashing, the key ring's protection and the bootstrap coordinator (ADR 0003, 0012).</summary>
public static class IdentityHosting
{
    public static WebApplicationBuilder AddDeskIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.RefreshTokenLifetime > o.AccessTokenLifetime,
                "Auth: token lifetimes must be positive, the refresh token outliving the access token.")
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.AdminEmail) || (o.AdminPassword?.Length ?? 0) >= PasswordRules.MinimumLength,
                $"Bootstrap:AdminPassword must have at least {PasswordRules.MinimumLength} characters.")
            .ValidateOnStart();

        services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme).AddBearerToken();
        services.AddOptions<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, DeskClock>((o, auth, clock) =>
            {
                o.BearerTokenExpiration = auth.Value.AccessTokenLifetime;
                o.RefreshTokenExpiration = auth.Value.RefreshTokenLifetime;
                o.TimeProvider = clock.Time;
                o.Events = new BearerTokenEvents { OnMessageReceived = ReadHubToken };
            });
        services.AddAuthorization();

        // The key ring is encrypted at rest with a certificate (ADR 0014); chosen here, so a node without
        // one outside Development stops before it starts, with a message naming the setting.
        var keyRing = builder.Configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new();
        var protection = KeyRingProtection.Choose(keyRing, builder.Environment);
        var dataProtection = services.AddDataProtection().SetApplicationName("DIH4S.Desk");
        if (protection.Certificate is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        services.AddSingleton(protection);
        services.AddHostedService<KeyRingNotice>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IGrainFactory>((o, grains) => o.XmlRepository = new GrainXmlRepository(grains));

        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<DevelopmentCoordinator>();
        return builder;
    }

    /// <summary>Registers the bootstrap after the silo, so it runs once grains can be called.</summary>
    public static WebApplicationBuilder AddDeskBootstrap(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<BootstrapCoordinator>();
        return builder;
    }

    /// <summary>
    /// A person whose password a coordinator set may do nothing but read who they are, change the
    /// password, refresh and sign out: every other API route and the hub answer 403 until then.
    /// </summary>
    public static WebApplication UseMustChangePasswordGate(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var open = path.StartsWithSegments("/api/auth") || path.StartsWithSegments("/api/me")
                || !(path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"));
            if (open || context.User.FindFirst(DeskClaims.MustChangePassword) is null)
            {
                await next(context);
                return;
            }

            await context.WriteProblemAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Change your password first.",
                Detail = "A coordinator set this password: choose your own with POST /api/me/password, then refresh the token.",
            });
        });
        return app;
    }

    /// <summary>WebSockets cannot send headers: the hub accepts the token as <c>access_token</c> in the query.</summary>
    private static Task ReadHubToken(MessageReceivedContext context)
    {
        var token = context.Request.Query["access_token"];
        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }
}

public static class PasswordRules
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;
}
