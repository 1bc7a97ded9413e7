using DIH4S.Web;
using DIH4S.Web.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.JSInterop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddDeskWeb(new Uri(builder.HostEnvironment.BaseAddress));

var host = builder.Build();
// index.html chose the language before .NET started (stored choice, else the browser's preference).
Cultures.Apply(await host.Services.GetRequiredService<IJSRuntime>().InvokeAsync<string>("deskCulture.initial"));
var session = host.Services.GetRequiredService<DeskSession>();
await session.RestoreAsync();
if (session.IsSignedIn)
{
    // Connect before the first render: the browser can only send what the JavaScript client asks for once
    // .NET yields, and the first render holds the thread for a while.
    _ = host.Services.GetRequiredService<LiveClient>().StartAsync();
    await Task.Yield();
}

await host.RunAsync();
