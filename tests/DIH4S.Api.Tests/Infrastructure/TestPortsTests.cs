using DIH4S.Tests.Shared;

namespace DIH4S.Api.Tests.Infrastructure;

public sealed class TestPortsTests
{
    [Fact]
    public void NoPortIsHandedOutTwice()
    {
        // The system hands the same free port to two asks now and then; a thousand asks meet that almost surely.
        var ports = Enumerable.Range(0, 1_000).Select(_ => TestPorts.Free()).ToList();
        ports.Distinct().Count().ShouldBe(ports.Count);
    }
}
