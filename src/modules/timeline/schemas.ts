/**
 * The timeline's schemas, by what they describe: what a client sends, events as recorded, a
 * signatory, the event reads, lists of signatories, and query strings. Each named schema joins
 * the contract's components as its file is loaded: keep this order, it is the order of
 * openapi/openapi.json.
 */
export * from './schemas/event-input.js';
export * from './schemas/event.js';
export * from './schemas/signatory.js';
export * from './schemas/event-reads.js';
export * from './schemas/signatory-list.js';
export * from './schemas/queries.js';
