using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DIH4S.Tests.Shared;

namespace DIH4S.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The desk as a person gets it: <c>dotnet publish</c> of the Api project (which publishes the web app
/// with it), started as its own process on a free loopback port and a fresh SQLite file, in the
/// Production environment with a bootstrap coordinator and a key-ring certificate made for the run
/// (Production refuses to start without one, ADR 0014). Stopped by PID at the end.
/// </summary>
public sealed class PublishedDesk : IAsyncDisposable
{
    public const string AdminEmail = "coordinator@e2e.test";
    public const string AdminPassword = "an-end-to-end-password";

    private const string CertificatePassword = "an-end-to-end-certificate-password";

    private readonly Process _process;
    private readonly bool _ownsData;
    private System.Text.StringBuilder _log = new();
    private bool _disposed;

    private PublishedDesk(Process process, Uri address, string dataDirectory, string publishDirectory, bool ownsData)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        PublishDirectory = publishDirectory;
        _ownsData = ownsData;
    }

    public Uri Address { get; }

    /// <summary>The process's id, for tests that act on it.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended (killed, stopped or crashed).</summary>
    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>What the process wrote to its console so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public string PublishDirectory { get; }

    /// <summary>Where the desk's database and key-ring certificate are.</summary>
    public string DataDirectory { get; }

    /// <param name="publishDirectory">The published desk.</param>
    /// <param name="dataDirectory">
    /// The data of an earlier desk to start on (kept when this one is disposed); null for a fresh folder,
    /// deleted on disposal.
    /// </param>
    /// <param name="settings">Settings beyond the defaults, as environment variables (<c>Quotas__WritesPerMinute</c>).</param>
    public static async Task<PublishedDesk> StartAsync(
        string publishDirectory, string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "dih4s-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        // A port found free can be taken by another process's connection before the desk binds it: then the
        // desk exits at once, and starting it again on other ports is all there is to do.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(publishDirectory, dataDirectory, ownsData, settings);
            }
            catch (PortTakenException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<PublishedDesk> StartOnceAsync(
        string publishDirectory, string dataDirectory, bool ownsData, IReadOnlyDictionary<string, string>? settings)
    {
        var port = TestPorts.Free();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(publishDirectory, "DIH4S.Api.dll"), "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "desk.db")}";
        start.Environment["Bootstrap__AdminEmail"] = AdminEmail;
        start.Environment["Bootstrap__AdminPassword"] = AdminPassword;
        start.Environment["DataProtection__Certificate__Path"] = KeyRingCertificate(dataDirectory);
        start.Environment["DataProtection__Certificate__Password"] = CertificatePassword;
        start.Environment["Orleans__SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RateLimits__SignInPerMinute"] = "10000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The desk did not start.");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var desk = new PublishedDesk(process, address, dataDirectory, publishDirectory, ownsData) { _log = log };
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var said = desk.Log;
                var exitCode = process.ExitCode;
                process.Dispose(); // it is started again on other ports, or the test fails: either way this one is done
                throw said.Contains("address already in use", StringComparison.Ordinal)
                    ? new PortTakenException($"The desk found a port taken:\n{said}")
                    : new InvalidOperationException($"The desk exited with {exitCode}:\n{said}");
            }

            try
            {
                using var health = await http.GetAsync("health");
                if (health.IsSuccessStatusCode)
                {
                    return desk;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            await Task.Delay(250); // polling a process's start-up, not synchronizing a test
        }

        await desk.DisposeAsync();
        throw new TimeoutException($"The desk did not answer /health within 90 s:\n{log}");
    }

    /// <summary>Stops the process as a service manager does (SIGTERM): the node leaves the cluster in order; killed if it takes over a minute.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
    }

    /// <summary>Kills the process at once (SIGKILL, as <c>kill -9</c>): no shutdown, no flush; the data stays.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _disposed = true;
        _process.Dispose();
        if (!_ownsData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying process: it is under the temp folder
        }
    }

    /// <summary>A self-signed RSA certificate for the desk's key ring, as a .pfx in the desk's data folder.</summary>
    private static string KeyRingCertificate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "key-ring.pfx");
        if (File.Exists(path))
        {
            // A restart on the same data: the key ring is encrypted with this certificate.
            return path;
        }

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=dih4s-e2e-key-ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        return path;
    }

}

/// <summary>The desk exited because a port chosen for it was taken meanwhile.</summary>
internal sealed class PortTakenException(string message) : Exception(message);
