// AuthPilot's extension pages, before their modules load (issue 34): the pages' wasm starts
// compiling at once, while the page's module scripts (the loader, the glue) are fetched and
// evaluated; `boot` (page.js) hands the compiled module to the glue. A classic script, so it
// runs as the HTML is parsed. The file name is the one scripts/build.sh gives the pages' wasm.
globalThis.authpilotWasm = WebAssembly.compileStreaming(fetch('pkg/pages_bg.wasm'));
// A failure is the glue's to report (boot shows it); this promise alone must not be an
// unhandled rejection.
globalThis.authpilotWasm.catch(() => {});
