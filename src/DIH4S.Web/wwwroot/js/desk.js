// Small browser helpers the web app calls through JS interop. Nothing here talks to the server.
window.deskStorage = {
    get: key => window.localStorage.getItem(key),
    set: (key, value) => window.localStorage.setItem(key, value),
    remove: key => window.localStorage.removeItem(key)
};

window.deskCulture = {
    key: "dih4s.culture",
    supported: { ro: "ro-RO", en: "en-GB" },
    // A stored choice wins; otherwise Romanian for a browser that prefers it, English for everyone else.
    initial() {
        const stored = window.localStorage.getItem(this.key);
        if (stored === "ro-RO" || stored === "en-GB") {
            document.documentElement.lang = stored.substring(0, 2);
            return stored;
        }
        const preferred = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"]);
        for (const tag of preferred) {
            const language = (tag || "").toLowerCase().split("-")[0];
            if (this.supported[language]) {
                document.documentElement.lang = language;
                return this.supported[language];
            }
        }
        document.documentElement.lang = "en";
        return "en-GB";
    }
};

window.deskClipboard = {
    copy: text => navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : Promise.resolve(false)
};
