// The live link to the desk's hub, through the JavaScript SignalR client (ADR 0010). .NET owns the
// session: it hands out access tokens and decides when to start, stop and start afresh. This file only
// connects and passes each message on, as the JSON the hub sent.
window.deskLive = {
    messages: ["RequestChanged", "BookingChanged", "SeatChanged", "TrainingChanged", "OfferWithdrawn"],

    // One link, connecting at once (not when .NET is next free): returns an object whose started() is the
    // first attempt, retry() another, stop() the end. `owner` is the .NET LiveClient; `token` the access
    // token to start with, later ones are asked of .NET.
    connect(owner, url, token) {
        let first = token;
        const connection = new signalR.HubConnectionBuilder()
            .withUrl(url, {
                accessTokenFactory: () => {
                    const given = first;
                    first = null;
                    return given || owner.invokeMethodAsync("AccessToken");
                }
            })
            .withAutomaticReconnect({
                // Retries every few seconds for as long as it takes: a desk restarting comes back to its clients.
                nextRetryDelayInMilliseconds: retry => retry.previousRetryCount === 0 ? 0 : retry.previousRetryCount < 5 ? 2000 : 10000
            })
            .configureLogging(signalR.LogLevel.None)
            .build();
        for (const name of this.messages) {
            connection.on(name, item => owner.invokeMethodAsync("Receive", name, JSON.stringify(item)));
        }
        connection.onreconnecting(() => owner.invokeMethodAsync("Reconnecting"));
        connection.onreconnected(() => owner.invokeMethodAsync("Reconnected"));
        connection.onclose(() => owner.invokeMethodAsync("Closed"));
        let attempt = connection.start();
        return {
            started: () => attempt,
            retry: () => (attempt = connection.start()),
            stop: () => connection.stop()
        };
    }
};
