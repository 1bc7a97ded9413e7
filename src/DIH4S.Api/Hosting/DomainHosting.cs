using DIH4S.Grains;
using DIH4S.Grains.Domain;
using DIH4S.Grains.Identity;
using DIH4S.Grains.Labs;
using DIH4S.Grains.Requests;
using DIH4S.Grains.Trainings;

namespace DIH4S.Api.Hosting;

public static class DomainHosting
{
    /// <summary>Binds the domain's options from configuration and checks them at start.</summary>
    public static WebApplicationBuilder AddDeskDomain(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDeskDomain();
        builder.Services.AddOptions<BusinessHoursOptions>().BindConfiguration(BusinessHoursOptions.Section)
            .Validate(TimeZoneExists, "BusinessHours:TimeZone must be an IANA time zone known to this machine.")
            .Validate(o => o.DayEnd > o.DayStart, "BusinessHours:DayEnd must be after DayStart.")
            .Validate(o => o.WorkingDays is null || o.WorkingDays.Count > 0, "BusinessHours:WorkingDays must name at least one day.")
            .ValidateOnStart();
        builder.Services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.Section)
            .Validate(o => o.AcceptanceBusinessHours > 0 && o.ResolutionBusinessHours > 0 && o.AutoCloseDays > 0,
                "Requests: the acceptance, resolution and auto-close periods must be positive.")
            .Validate(o => o.TimerCheckInterval is null || o.TimerCheckInterval > TimeSpan.Zero, "Requests:TimerCheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<LockoutOptions>().BindConfiguration(LockoutOptions.Section)
            .Validate(o => o.MaxFailedAttempts > 0 && o.FirstLockout > TimeSpan.Zero && o.MaxLockout >= o.FirstLockout,
                "Lockout: MaxFailedAttempts and FirstLockout must be positive, MaxLockout at least FirstLockout.")
            .Validate(o => o.AccountFailuresPerWindow > 0 && o.AccountWindow > TimeSpan.Zero,
                "Lockout: AccountFailuresPerWindow and AccountWindow must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section)
            .Validate(o => o.Valid, "Quotas: every quota must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.Section)
            .Validate(o => o.NoShowGraceMinutes >= 0, "Bookings:NoShowGraceMinutes must not be negative.")
            .Validate(o => o.TimerCheckInterval is null || o.TimerCheckInterval > TimeSpan.Zero, "Bookings:TimerCheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section)
            .Validate(o => o.DefaultCancellationNotice >= TimeSpan.Zero && o.AttendanceOpensBeforeStart >= TimeSpan.Zero,
                "Trainings: DefaultCancellationNotice and AttendanceOpensBeforeStart must not be negative.")
            .ValidateOnStart();
        return builder;
    }

    private static bool TimeZoneExists(BusinessHoursOptions options) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _);
}
