using Flows.Activities;
using Flows.AuthServer.Flows;
using Flows.Engine.Hosting;
using Flows.Engine.Persistence;

var builder = WebApplication.CreateBuilder(args);

// --urls and ASPNETCORE_URLS win; without them the server listens on loopback only.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5000");
}

var database = builder.Configuration.GetSection(FlowsDatabaseOptions.Section).Get<FlowsDatabaseOptions>() ?? new();
builder.Services.AddFlowsEngine(database, FlowsActivityCatalog.Types);
builder.Services.AddHostedService<FlowExpirySweeper>();

var app = builder.Build();
await FlowsDatabase.MigrateAsync(app.Services);

app.MapGet("/", () => Results.Text("Flows is running.", "text/plain"));

app.Run();
