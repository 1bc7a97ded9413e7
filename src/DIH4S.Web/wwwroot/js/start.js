// Starts Blazor (index.html loads the runtime with autostart="false"). A file, not an inline script, so the
// desk's Content-Security-Policy needs no 'unsafe-inline' for scripts.
// The language is chosen before .NET starts, so the right resources and date formats load with it.
Blazor.start({ applicationCulture: deskCulture.initial() });
