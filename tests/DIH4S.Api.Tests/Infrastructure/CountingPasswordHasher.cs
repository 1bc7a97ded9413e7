using DIH4S.Contracts.Identity;
using Microsoft.AspNetCore.Identity;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>The desk's password hasher, counting verifications: against real accounts and against anything else.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<UserAccount>
{
    private readonly PasswordHasher<UserAccount> _inner = new();
    private int _real;
    private int _other;

    /// <summary>Verifications against the hash of an account that exists.</summary>
    public int RealVerifications => Volatile.Read(ref _real);

    /// <summary>Every verification.</summary>
    public int AllVerifications => Volatile.Read(ref _real) + Volatile.Read(ref _other);

    public string HashPassword(UserAccount user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(user);
        Interlocked.Increment(ref user.UserId.StartsWith("usr_", StringComparison.Ordinal) && user.Email.Length > 0 ? ref _real : ref _other);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
