using DIH4S.Web.Services;

namespace DIH4S.Web.Tests;

public sealed class ChangesDuringLoadTests
{
    [Fact]
    public async Task WhatArrivesDuringTheReadIsAppliedOnTopOfItsAnswerInOrder()
    {
        var arrived = new ChangesDuringLoad<string>();
        var answer = new TaskCompletionSource();
        List<string> shown = [];
        arrived.Note("before"); // no read under way: nothing to keep

        var read = arrived.ReadAsync(
            async () =>
            {
                await answer.Task;
                shown.Clear();
                shown.Add("answer");
            },
            shown.Add);
        arrived.Note("first");
        arrived.Note("second");
        answer.SetResult();
        await read;

        shown.ShouldBe(["answer", "first", "second"]);
    }

    [Fact]
    public async Task AFailedReadStopsKeepingChanges()
    {
        var arrived = new ChangesDuringLoad<string>();
        await Should.ThrowAsync<InvalidOperationException>(arrived.ReadAsync(() => throw new InvalidOperationException("down"), _ => { }));
        arrived.Note("after the failure");

        List<string> applied = [];
        await arrived.ReadAsync(() => Task.CompletedTask, applied.Add);

        applied.ShouldBeEmpty();
    }
}
