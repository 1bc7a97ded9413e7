using DIH4S.Grains.Domain;
using DIH4S.Grains.Identity;
using DIH4S.Grains.Labs;
using DIH4S.Grains.Requests;
using DIH4S.Grains.Trainings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains;

/// <summary>Registers what the grains need from the container, for the host and for test silos alike.</summary>
public static class DeskDomainServices
{
    public static IServiceCollection AddDeskDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(new DeskClock(TimeProvider.System));
        services.AddOptions<BusinessHoursOptions>();
        services.AddOptions<RequestOptions>();
        services.AddOptions<LockoutOptions>();
        services.AddOptions<BookingOptions>();
        services.AddOptions<TrainingOptions>();
        services.AddOptions<QuotaOptions>();
        services.TryAddSingleton(sp => new BusinessCalendar(sp.GetRequiredService<IOptions<BusinessHoursOptions>>().Value));
        return services;
    }
}
