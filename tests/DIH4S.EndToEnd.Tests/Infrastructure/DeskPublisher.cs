using System.Diagnostics;

namespace DIH4S.EndToEnd.Tests.Infrastructure;

/// <summary>Publishes the desk (Release, as an operator would) once per test run, into the test's output.</summary>
public static class DeskPublisher
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _published;

    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<string> PublishAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_published is not null)
            {
                return _published;
            }

            var output = Path.Combine(AppContext.BaseDirectory, "published-desk");
            var start = new ProcessStartInfo("dotnet",
                ["publish", Path.Combine(RepositoryRoot, "src", "DIH4S.Api", "DIH4S.Api.csproj"), "-c", "Release", "-o", output, "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepositoryRoot,
            };
            // The test run's own MSBuild settings must not leak into the publish.
            start.Environment.Remove("MSBuildExtensionsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            start.Environment.Remove("MSBuildSDKsPath");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            }

            _published = output;
            return output;
        }
        finally
        {
            Once.Release();
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DIH4S.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DIH4S.sln not found above the test's folder.");
    }
}
