using DIH4S.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DIH4S.Api.Tests;

/// <summary>A node that stops gracefully leaves the live registry cleanly (ADR 0004). Starts its own node.</summary>
public sealed class LiveShutdownTests : OwnNodeTests
{
    [Fact]
    public async Task AStoppingNodeUnregistersWithoutTheRegistryMissingItsSilosDirectory()
    {
        var log = new LogRecorder();
        var node = new DeskFactory(DatabasePath, DeskFactory.NewClock()) { Log = log };
        using (var http = node.CreateClient())
        {
            (await http.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        // Stopping: the directory's loop ends with ApplicationStopping, then the node unregisters and the
        // registry pushes the shorter list to every directory, this silo's included.
        await node.DisposeAsync();

        log.Entries.ShouldNotContain(e => e.Level >= LogLevel.Warning
            && (e.Message.Contains("did not take the new node list", StringComparison.Ordinal)
                || e.Message.Contains("Unexpected target grain", StringComparison.Ordinal)));
    }
}
