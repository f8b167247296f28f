// pdfkit's standalone build computes, when it loads, the URL of an ICC profile it reads only for PDF/A
// (which the report does not make): with no `document` it calls Node's `require('url')`, which a
// worker lacks. This stand-in lets the same build load in the worker; it must be imported first.
const scope = globalThis as { document?: unknown };
// A blob: worker's own URL cannot be a base URL; this one is never fetched.
scope.document ??= { currentScript: null, baseURI: 'file:///pdfkit/' };
