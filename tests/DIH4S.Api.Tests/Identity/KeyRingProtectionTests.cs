using System.Net;
using System.Net.Http.Json;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DIH4S.Api.Tests.Identity;

/// <summary>The data-protection key ring is encrypted at rest outside Development (ADR 0014); each test starts its own nodes.</summary>
public sealed class KeyRingProtectionTests : OwnNodeTests
{
    [Fact]
    public async Task WithACertificateTheStoredKeyRingHoldsNoPlaintextMasterKeyAndTokensSurviveARestart()
    {
        var log = new LogRecorder();
        string refreshToken;
        await using (var node = new DeskFactory(DatabasePath, Clock) { Log = log })
        {
            var coordinator = await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
            (await coordinator.GetAsync("/api/me")).Status.ShouldBe(HttpStatusCode.OK);
            refreshToken = await RefreshTokenAsync(node);
            var stored = await node.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyRingGrain>(0).GetElementsAsync();

            stored.ShouldNotBeEmpty();
            foreach (var key in stored)
            {
                key.ShouldNotContain("<masterKey");
                key.ShouldNotContain("unencrypted form");
                key.ShouldContain("<encryptedSecret");
            }
        }

        await using var after = new DeskFactory(DatabasePath, Clock);
        using var http = after.CreateClient();
        using var refreshed = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, "the restarted node decrypts the key ring with the same certificate");
        log.Messages().ShouldContain(m => m.StartsWith("Data-protection keys are encrypted at rest with the certificate CN=dih4s-tests-key-ring", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OutsideDevelopmentANodeWithoutACertificateRefusesToStartNamingTheSetting(string environment)
    {
        using var node = new DeskFactory(DatabasePath, Clock) { EnvironmentName = environment, KeyRingCertificate = null };

        var refused = Should.Throw<InvalidOperationException>(() => node.Server);

        refused.Message.ShouldContain("DataProtection:Certificate:Path is not set");
        refused.Message.ShouldContain($"the {environment} environment");
    }

    [Fact]
    public void ACertificateThatCannotBeReadStopsTheNodeWithTheReason()
    {
        using var node = new DeskFactory(DatabasePath, Clock)
        {
            EnvironmentName = "Production",
            Settings = new Dictionary<string, string?> { ["DataProtection:Certificate:Password"] = "not-the-password" },
        };

        var refused = Should.Throw<InvalidOperationException>(() => node.Server);

        refused.Message.ShouldContain($"DataProtection:Certificate:Path '{TestCertificates.Shared}' cannot be used");
    }

    [Fact]
    public async Task DevelopmentMayKeepKeysUnencryptedAndSaysSo()
    {
        var log = new LogRecorder();
        await using var node = new DeskFactory(DatabasePath, Clock) { EnvironmentName = "Development", KeyRingCertificate = null, Log = log };

        await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);

        log.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Data-protection keys are stored UNENCRYPTED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProductionNodeMayOptOutOnlyExplicitlyAndIsLoudAboutIt()
    {
        var log = new LogRecorder();
        await using var node = new DeskFactory(DatabasePath, Clock)
        {
            EnvironmentName = "Production",
            KeyRingCertificate = null,
            Log = log,
            Settings = new Dictionary<string, string?> { ["DataProtection:AllowUnencryptedKeys"] = "true" },
        };

        await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);

        log.Entries.ShouldContain(e => e.Level == LogLevel.Error
            && e.Message.StartsWith("SECURITY: DataProtection:AllowUnencryptedKeys is true in the Production environment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APemCertificateIsReadWithItsKeyInTheSameFileOrInItsOwn(bool keyApart)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=pem-key-ring", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var folder = Path.GetDirectoryName(DatabasePath)!;
        Directory.CreateDirectory(folder);
        var (certificatePath, keyPath) = (Path.Combine(folder, "key-ring.pem"), Path.Combine(folder, "key-ring.key"));
        File.WriteAllText(keyApart ? keyPath : certificatePath, rsa.ExportPkcs8PrivateKeyPem() + "\n");
        File.AppendAllText(certificatePath, made.ExportCertificatePem() + "\n");
        var options = new Api.Identity.KeyRingProtectionOptions
        {
            Certificate = new() { Path = certificatePath, KeyPath = keyApart ? keyPath : null },
        };

        var chosen = Api.Identity.KeyRingProtection.Choose(options, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });

        chosen.Kind.ShouldBe(Api.Identity.KeyRingProtection.Mode.Certificate);
        chosen.Certificate!.Thumbprint.ShouldBe(made.Thumbprint);
        chosen.Certificate.HasPrivateKey.ShouldBeTrue();
    }

    private static async Task<string> RefreshTokenAsync(DeskFactory node)
    {
        using var http = node.CreateClient();
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email = DeskFactory.AdminEmail, password = DeskFactory.AdminPassword });
        return (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("refreshToken").GetString()!;
    }
}
