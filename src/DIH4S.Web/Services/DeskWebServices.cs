using Microsoft.JSInterop;
using MudBlazor.Services;

namespace DIH4S.Web.Services;

/// <summary>The web app's services: the typed API and live clients, the session, languages and the component library.</summary>
public static class DeskWebServices
{
    public static IServiceCollection AddDeskWeb(this IServiceCollection services, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped(_ => new HttpClient { BaseAddress = baseAddress });
        services.AddScoped<IBrowserStorage, LocalStorage>();
        services.AddScoped<DeskSession>();
        services.AddScoped<DeskApiClient>();
        services.AddScoped(sp => new LiveClient(baseAddress, sp.GetRequiredService<DeskSession>(), sp.GetRequiredService<IJSRuntime>()));
        services.AddScoped<ILiveFeed>(sp => sp.GetRequiredService<LiveClient>());
        services.AddScoped<Cultures>();
        services.AddLocalization();
        services.AddMudServices();
        return services;
    }
}
