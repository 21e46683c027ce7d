import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type UndersignedClient = Client<paths>;

/** The optional ones take `undefined`: `apiKey: process.env.KEY` compiles under exactOptionalPropertyTypes too. */
export interface ClientOptions {
  /** Where the API is, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** An editor or admin key (`us_…`); reads need none. */
  apiKey?: string | undefined;
  /** Another fetch (tests, proxies); default the global one. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/** An openapi-fetch client typed by the committed contract, with the API key on every request. */
export function createUndersignedClient(options: ClientOptions): UndersignedClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
