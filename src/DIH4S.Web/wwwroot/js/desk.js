// Small browser helpers the web app calls through JS interop. Nothing here talks to the server.
window.deskStorage = {
    get: key => window.localStorage.getItem(key),
    set: (key, value) => window.localStorage.setItem(key, value),
    remove: key => window.localStorage.removeItem(key)
};

window.deskCulture = {
    key: "dih4s.culture",
    // A stored choice wins; otherwise Romanian for a browser that prefers it, English for everyone else.
    // The app runs without ICU data (ADR 0010): the neutral names select the resources, .NET sets the formats.
    initial() {
        const stored = (window.localStorage.getItem(this.key) || "").toLowerCase().split("-")[0];
        const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
        const chosen = stored === "ro" || stored === "en"
            ? stored
            : (preferred.map(tag => (tag || "").toLowerCase().split("-")[0]).find(l => l === "ro" || l === "en") || "en");
        document.documentElement.lang = chosen;
        return chosen;
    }
};

window.deskClipboard = {
    copy: text => navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : Promise.resolve(false)
};
