using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Live;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Domain;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Requests;

/// <summary>
/// One service request. Being a grain, its calls run one at a time: the first accept wins by
/// construction. Every change writes the state, then records the request in the lists (with its new
/// history entry) and publishes the new view (ADR 0017).
/// </summary>
public sealed partial class ServiceRequestGrain(
    [PersistentState("serviceRequest", DeskStorage.Name)] IPersistentState<ServiceRequestState> store,
    DeskClock clock,
    BusinessCalendar calendar,
    IDeskLists lists,
    IOptions<RequestOptions> options,
    IOptions<ReminderOptions> reminders,
    IOptions<QuotaOptions> quotas,
    ILogger<ServiceRequestGrain> logger) : Grain, IServiceRequestGrain, IRemindable
{
    private const string TimerReminder = "request-timers";
    private readonly RequestOptions _options = options.Value;
    private readonly ListRecorder _recorder = new(lists, logger);

    private ServiceRequestState S => store.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<Outcome<RequestView>> SubmitAsync(Actor requester, RequestSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(submission);
        if (!requester.Has(DeskRoles.Requester))
        {
            return DeskProblem.Forbidden("Only requesters of a customer organization submit service requests.");
        }

        if (S.Exists)
        {
            return DeskProblem.Conflict("A request with this id already exists.");
        }

        var now = clock.UtcNow;
        S.Exists = true;
        S.ServiceCode = submission.ServiceCode;
        S.Category = submission.Category;
        S.Title = submission.Title;
        S.Description = submission.Description;
        S.CustomerId = requester.OrganizationId;
        S.RequesterId = requester.UserId;
        S.CreatedAt = now;
        S.OfferedPartnerIds = [.. submission.EligiblePartnerIds];
        S.SlaTarget = TimeSpan.FromHours(_options.ResolutionBusinessHours);
        S.AcceptDeadline = calendar.Add(now, TimeSpan.FromHours(_options.AcceptanceBusinessHours));
        Record(requester, RequestActions.Submitted, null, RequestState.Open, null, now);
        await CommitAsync(previousVisible: []);

        if (S.OfferedPartnerIds.Count == 0)
        {
            await EscalateAsync("No partner offers this service's category.");
        }

        return View();
    }

    public Task<Outcome<RequestView>> GetAsync(Actor actor) =>
        Task.FromResult<Outcome<RequestView>>(Visible(actor) ? View() : DeskProblem.NotFound("Request"));

    public async Task<Outcome<RequestView>> ActAsync(Actor actor, RequestCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);
        if (!S.Exists)
        {
            return DeskProblem.NotFound("Request");
        }

        var decision = RequestRules.Decide(S, actor, command);
        if (decision.Problem is { } problem)
        {
            return problem;
        }

        var transition = decision.Value!;
        var previousVisible = S.VisibleTo().ToList();
        var now = clock.UtcNow;
        switch (command)
        {
            case DeclineRequest:
                S.DeclinedPartnerIds.Add(actor.OrganizationId);
                break;
            case CloseRequest close:
                S.Rating = close.Rating;
                S.RatingComment = close.Comment;
                break;
        }

        if (transition.AssignPartnerId is { } partnerId)
        {
            S.PartnerId = partnerId;
        }

        Record(actor, command.Action, S.State, transition.To, transition.Note, now);
        await CommitAsync(previousVisible, command switch
        {
            AcceptRequest => OfferWithdrawnView.Taken,
            AssignRequest => OfferWithdrawnView.Assigned,
            CancelRequest => OfferWithdrawnView.Cancelled,
            _ => null,
        });
        return View();
    }

    public async Task<Outcome<RequestComment>> AddCommentAsync(Actor actor, string text, bool isInternal)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Visible(actor))
        {
            return DeskProblem.NotFound("Request");
        }

        if (isInternal && !RequestRules.CanReadInternal(S, actor))
        {
            return DeskProblem.Forbidden("Internal comments are for coordinators and the staff of the assigned partner.");
        }

        if (RequestRules.CommentProblem(S, actor) is { } taken)
        {
            return taken;
        }

        var comment = new RequestComment($"cmt_{Guid.NewGuid():N}", actor.UserId, clock.UtcNow, text, isInternal);
        if (!await lists.AddCommentAsync(ListKeys.Requests, Id, isInternal, ListJson.Write(comment), quotas.Value.CommentsPerRequest))
        {
            return DeskProblem.TooMany(
                "Too many comments on this request.",
                $"A request holds at most {quotas.Value.CommentsPerRequest} comments; the hub office can help by phone or e-mail.");
        }

        return comment;
    }

    public async Task<Outcome<PageOf<RequestComment>>> GetCommentsAsync(Actor actor, int page = 1, int pageSize = 100)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Visible(actor))
        {
            return DeskProblem.NotFound("Request");
        }

        var stored = await lists.CommentsAsync(ListKeys.Requests, Id, RequestRules.CanReadInternal(S, actor), page, pageSize);
        return ListJson.Read<RequestComment>(stored);
    }

    public async Task<Outcome<PageOf<HistoryEntry>>> GetHistoryAsync(Actor actor, int page = 1, int pageSize = 100)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Visible(actor))
        {
            return DeskProblem.NotFound("Request");
        }

        // Why a partner declined is between that partner and the hub office.
        var stored = ListJson.Read<HistoryEntry>(await lists.LogAsync(ListKeys.Requests, Id, page, pageSize));
        return stored with
        {
            Items = [.. stored.Items.Select(entry =>
                entry.Action == RequestActions.Decline && !actor.IsCoordinator ? entry with { Note = null } : entry)],
        };
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists && S.Comments.Count > 0)
        {
            // Comments from before they had their own rows (ADR 0017): moved once, in their order.
            foreach (var comment in S.Comments)
            {
                await lists.AddCommentAsync(ListKeys.Requests, Id, comment.Internal, ListJson.Write(comment), int.MaxValue);
            }

            S.Comments.Clear();
            await store.WriteStateAsync(cancellationToken);
        }

        // Catch-up: a change whose recording failed, or was cut short by a crash, is recorded now.
        if (S.Exists && S.History.Count > 0)
        {
            await _recorder.CatchUpAsync(this, Listing, Recorded);
        }
    }

    public async Task CheckDeadlinesAsync()
    {
        if (!S.Exists)
        {
            return;
        }

        var now = clock.UtcNow;
        if (S.State == RequestState.Open && now >= S.AcceptDeadline)
        {
            await EscalateAsync("No partner accepted before the acceptance deadline.");
        }
        else if (S.State == RequestState.Delivered && now >= S.AutoCloseAt)
        {
            var previous = S.VisibleTo().ToList();
            Record(Actor.System, RequestActions.AutoClosed, S.State, RequestState.Closed, "The customer did not answer after delivery.", now);
            await CommitAsync(previous);
        }
        else
        {
            // Nothing due: the recorded deadline is older than the request (its recording is pending).
            await _recorder.CatchUpAsync(this, Listing, Recorded);
        }
    }

    /// <summary>
    /// The reminder a request armed for itself before deadlines were swept (ADR 0005): it acts as the
    /// sweep would, and goes once no deadline is pending. New requests arm none.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TimerReminder || !S.Exists)
        {
            return;
        }

        await CheckDeadlinesAsync();
        if (NextDeadline() is not { } deadline)
        {
            await DisarmTimerAsync();
        }
        else if (_options.TimerCheckInterval is null && deadline != S.TimerAimedAt)
        {
            // Left armed for an earlier deadline that no longer applies: aim at the current one.
            await AimTimerAsync(deadline);
            await store.WriteStateAsync();
        }
    }

    private async Task EscalateAsync(string note)
    {
        var previous = S.VisibleTo().ToList();
        Record(Actor.System, RequestActions.Escalated, S.State, RequestState.Escalated, note, clock.UtcNow);
        await CommitAsync(previous);
    }

    private bool Visible(Actor actor) => S.Exists && RequestRules.CanSee(S, actor);

    /// <summary>Applies one change: the version, the history entry, and the clocks that depend on the state.</summary>
    private void Record(Actor actor, string action, RequestState? from, RequestState to, string? note, DateTimeOffset now)
    {
        S.Version++;
        S.State = to;
        S.UpdatedAt = now;
        S.History.Add(new HistoryEntry(S.Version, now, actor.UserId, action, from, to, note));
        UpdateSla(to, now);
        S.AutoCloseAt = to == RequestState.Delivered ? now.AddDays(_options.AutoCloseDays) : null;
    }

    /// <summary>The resolution clock runs while the partner works (accepted, in progress) and stops otherwise.</summary>
    private void UpdateSla(RequestState to, DateTimeOffset now)
    {
        var runs = to is RequestState.Accepted or RequestState.InProgress;
        if (runs && S.SlaRemaining is null)
        {
            S.SlaRemaining = S.SlaTarget;
        }

        if (!runs && S.SlaRunningSince is { } since)
        {
            S.SlaRemaining -= calendar.Between(since, now);
            S.SlaRunningSince = null;
        }
        else if (runs && S.SlaRunningSince is null)
        {
            S.SlaRunningSince = now;
        }
    }

    private DateTimeOffset? NextDeadline() => S.State switch
    {
        RequestState.Open => S.AcceptDeadline,
        RequestState.Delivered => S.AutoCloseAt,
        _ => null,
    };

    /// <summary>Saves, records the lists, and publishes the change — and, with a reason, the withdrawal to partners that lost sight.</summary>
    private async Task CommitAsync(IReadOnlyCollection<string> previousVisible, string? withdrawal = null)
    {
        await store.WriteStateAsync();
        var view = View();
        await _recorder.RecordAsync(this, Listing, Recorded);
        await PublishAsync(view);
        if (withdrawal is not null && previousVisible.Except(S.VisibleTo()).ToList() is { Count: > 0 } lost)
        {
            await PublishAsync(new OfferWithdrawn(new OfferWithdrawnView(Id, withdrawal), [.. lost.Select(Audiences.Organization)]), view.Version);
        }
    }

    /// <summary>
    /// Registers the reminder to fire at <paramref name="deadline"/>, then every period until it finds the
    /// deadline passed (a retry). With <see cref="RequestOptions.TimerCheckInterval"/> set (a business clock
    /// that jumps, in tests) it fires at least that often.
    /// </summary>
    private async Task AimTimerAsync(DateTimeOffset deadline)
    {
        var period = CheckIntervals.Of(_options.TimerCheckInterval ?? RequestOptions.TimerRetryInterval, reminders.Value);
        var untilDue = deadline - clock.UtcNow;
        var longest = _options.TimerCheckInterval is null ? RequestOptions.LongestTimerWait : period;
        var dueTime = untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue < longest ? untilDue : longest;
        await this.RegisterOrUpdateReminder(TimerReminder, dueTime, period);
        S.TimerArmed = true;
        S.TimerAimedAt = untilDue < longest ? deadline : clock.UtcNow + longest;
    }

    private async Task DisarmTimerAsync()
    {
        if (await this.GetReminder(TimerReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (S.TimerArmed)
        {
            S.TimerArmed = false;
            S.TimerAimedAt = null;
            await store.WriteStateAsync();
        }
    }

    /// <summary>The request as the lists hold it; its history entries not yet recorded ride along.</summary>
    private ListRecord Listing() => new(
        ListKeys.Requests,
        Id,
        S.Version,
        RequestRules.Kebab(S.State),
        S.CreatedAt,
        [ListKeys.All, .. S.VisibleTo().Select(ListKeys.Organization)],
        ListJson.Write(View()),
        [.. S.History.Select(entry => new LogRow(entry.Version, ListJson.Write(entry)))],
        NextDeadline());

    /// <summary>Entries up to a recorded version leave the state with its next write.</summary>
    private void Recorded(int version) => S.History.RemoveAll(entry => entry.Version <= version);

    private Task PublishAsync(RequestView view) =>
        // Only those who may see the request now: a partner that just declined or lost it no longer may (API.md).
        PublishAsync(new RequestChanged(view, [.. S.VisibleTo().Select(Audiences.Organization).Append(Audiences.Coordinators)]), view.Version);

    private async Task PublishAsync(LiveChange change, int version)
    {
        try
        {
            await GrainFactory.GetGrain<ILiveHubGrain>(0).PublishAsync(change);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Live delivery is best effort: clients re-read over REST when they see a version gap.
            LogPublishFailed(logger, ex, Id, version);
        }
    }

    private RequestView View() => new(
        Id, S.ServiceCode, S.Category, S.Title, S.Description, S.State, S.Version, S.CustomerId, S.RequesterId,
        S.PartnerId, S.CreatedAt, S.UpdatedAt, S.AcceptDeadline, S.Rating, S.RatingComment, Sla(), S.AutoCloseAt);

    private SlaView? Sla()
    {
        if (S.SlaRemaining is not { } remaining)
        {
            return null;
        }

        DateTimeOffset? dueAt = S.SlaRunningSince is { } since ? calendar.Add(since, remaining) : null;
        return new SlaView(S.SlaTarget.TotalHours, Math.Round(remaining.TotalHours, 2), S.SlaRunningSince is not null, dueAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing version {Version} of request {RequestId} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string requestId, int version);
}
