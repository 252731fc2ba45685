// Runs before Fluent UI loads (imported first): no font or icon files from a CDN. The
// replica registers the few icons it uses with their real icon-font code points instead.
window.FabricConfig = { fontBaseUrl: '', iconBaseUrl: '' };
