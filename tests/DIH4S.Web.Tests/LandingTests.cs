using DIH4S.Web.Services;

namespace DIH4S.Web.Tests;

public sealed class LandingTests
{
    [Theory]
    [InlineData(new[] { Roles.PartnerStaff }, Landing.Offers)]
    [InlineData(new[] { Roles.Requester }, Landing.Requests)]
    [InlineData(new[] { Roles.LabManager }, Landing.Approvals)]
    [InlineData(new[] { Roles.Trainer }, Landing.MyTrainings)]
    [InlineData(new[] { Roles.Coordinator }, Landing.Escalated)]
    [InlineData(new[] { Roles.Trainer, Roles.LabManager }, Landing.Approvals)]
    [InlineData(new string[0], Landing.Account)]
    public void EachRoleLandsOnItsOwnWork(string[] roles, string expected) => Landing.For(roles).ShouldBe(expected);
}
