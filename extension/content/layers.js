// What counts as a layer a page opens over itself (a dialog, a side pane, an aside): the one
// definition, imported by main.js (which wakes the adapter when one appears) and read.js.
export const DIALOGISH = '[role="dialog"], [role="complementary"], aside';
