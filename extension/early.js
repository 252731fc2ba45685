// AuthPilot's extension pages, before their modules load (issue 34): the pages' wasm starts
// compiling at once, while the page's module scripts (the loader, the glue) are fetched and
// evaluated; `boot` (page.js) hands the compiled module to the glue. A classic script loaded
// `async`: it runs as soon as it arrives and never holds up the parsing of the page (loaded
// in order, it did: the page was parsed ~25 ms later). Should it arrive after `boot` — which
// then lets the glue fetch the wasm itself and leaves `false` here — it starts nothing.
// The file name is the one scripts/build.sh gives the pages' wasm.
globalThis.authpilotWasm ??= WebAssembly.compileStreaming(fetch('pkg/pages_bg.wasm'));
// A failure is the glue's to report (boot shows it); this promise alone must not be an
// unhandled rejection.
if (globalThis.authpilotWasm) globalThis.authpilotWasm.catch(() => {});
