using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Requests;

/// <summary>The durable state of one service request. Field ids are never renumbered.</summary>
[GenerateSerializer, Alias("dih4s.ServiceRequestState")]
public sealed class ServiceRequestState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string ServiceCode { get; set; } = "";
    [Id(2)] public string Category { get; set; } = "";
    [Id(3)] public string Title { get; set; } = "";
    [Id(4)] public string Description { get; set; } = "";
    [Id(5)] public string CustomerId { get; set; } = "";
    [Id(6)] public string RequesterId { get; set; } = "";
    [Id(7)] public RequestState State { get; set; }
    [Id(8)] public int Version { get; set; }
    [Id(9)] public string? PartnerId { get; set; }
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(12)] public DateTimeOffset? AcceptDeadline { get; set; }
    [Id(13)] public int? Rating { get; set; }
    [Id(14)] public string? RatingComment { get; set; }
    [Id(15)] public DateTimeOffset? AutoCloseAt { get; set; }
    [Id(16)] public HashSet<string> OfferedPartnerIds { get; set; } = [];
    [Id(17)] public HashSet<string> DeclinedPartnerIds { get; set; } = [];
    /// <summary>
    /// History entries not yet recorded in the lists' rows (ADR 0017): the outbox of the latest change,
    /// emptied once recorded. A state written before ADR 0017 holds the whole history here; it is
    /// recorded on activation.
    /// </summary>
    [Id(18)] public List<HistoryEntry> History { get; set; } = [];

    /// <summary>Empty: comments live in their own rows. A state from before ADR 0017 holds them; moved on activation.</summary>
    [Id(19)] public List<RequestComment> Comments { get; set; } = [];

    /// <summary>Business time left on the resolution clock as of <see cref="SlaRunningSince"/> or the last pause; null before acceptance.</summary>
    [Id(20)] public TimeSpan? SlaRemaining { get; set; }

    /// <summary>When the resolution clock last started running; null while paused.</summary>
    [Id(21)] public DateTimeOffset? SlaRunningSince { get; set; }

    [Id(22)] public TimeSpan SlaTarget { get; set; }

    /// <summary>Whether the timer reminder is registered.</summary>
    [Id(23)] public bool TimerArmed { get; set; }

    /// <summary>When the armed reminder fires next, at the latest (it may be aimed at a deadline that no longer applies).</summary>
    [Id(24)] public DateTimeOffset? TimerAimedAt { get; set; }

    /// <summary>Partners still holding the offer: offered and not declined.</summary>
    public IEnumerable<string> EligiblePartners => OfferedPartnerIds.Except(DeclinedPartnerIds);

    /// <summary>
    /// Organizations (besides coordinators) that may see the request: the customer; the assigned partner
    /// once there is one; before that, the partners still holding the offer — unless it was cancelled.
    /// Partners that lose sight get <c>OfferWithdrawn</c> (issue 9, least visibility).
    /// </summary>
    public IEnumerable<string> VisibleTo()
    {
        if (PartnerId is not null)
        {
            return new HashSet<string> { CustomerId, PartnerId };
        }

        var parties = new HashSet<string> { CustomerId };
        if (State != RequestState.Cancelled)
        {
            parties.UnionWith(EligiblePartners);
        }

        return parties;
    }
}
