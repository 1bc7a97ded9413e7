using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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
    private readonly string _dataDirectory;

    private PublishedDesk(Process process, Uri address, string dataDirectory, string publishDirectory)
    {
        _process = process;
        Address = address;
        _dataDirectory = dataDirectory;
        PublishDirectory = publishDirectory;
    }

    public Uri Address { get; }

    public string PublishDirectory { get; }

    public static async Task<PublishedDesk> StartAsync(string publishDirectory)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "dih4s-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
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
        start.Environment["Orleans__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RateLimits__SignInPerMinute"] = "10000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The desk did not start.");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var desk = new PublishedDesk(process, address, dataDirectory, publishDirectory);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The desk exited with {process.ExitCode}:\n{log}");
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying process: it is under the temp folder
        }
    }

    /// <summary>A self-signed RSA certificate for the desk's key ring, as a .pfx in the desk's data folder.</summary>
    private static string KeyRingCertificate(string dataDirectory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=dih4s-e2e-key-ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(dataDirectory, "key-ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
