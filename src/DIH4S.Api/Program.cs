using DIH4S.Api.Endpoints;
using DIH4S.Api.Hosting;
using DIH4S.Api.Identity;
using DIH4S.Api.Live;
using DIH4S.Api.Storage;

if (SchemaCommand.Matches(args))
{
    return await SchemaCommand.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(WebAppHosting.Options(args));
builder.AddDeskDomain();
builder.AddDeskCluster();
builder.AddDeskIdentity();
builder.AddDeskApi();
builder.AddDeskHealth();
builder.AddDeskBootstrap();
builder.AddDeskLive();

var app = builder.Build();
app.UseDeskPipeline();
app.MapDeskHealth();
app.MapAuthApi();
app.MapOrganizationsApi();
app.MapServicesApi();
app.MapRequestsApi();
app.MapLabsApi();
app.MapBookingsApi();
app.MapTrainingsApi();
app.MapDeskApiDocs();
app.MapDeskHub();
app.MapDeskWebApp();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
