import fp from 'fastify-plugin';
import { keyHistoryPath, signingKeySource, type AppConfig } from '../config.js';
import { loadKeyring, type Keyring } from '../modules/signing/key-history.js';
import { readPublicKeys, type PublicKey } from '../modules/signing/signing-key.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's signing key and the keys it succeeded. */
    keyring: Keyring;
    /** The witnesses whose co-signatures of tree heads are kept (LOG_WITNESSES). */
    witnesses: PublicKey[];
  }
}

/** The keys, read before the database is opened: a key that cannot load stops the start with nothing open behind it. */
export const signing = fp<AppConfig>(
  async (app, config) => {
    app.decorate('keyring', await loadKeyring(signingKeySource(config), keyHistoryPath(config)));
    app.decorate('witnesses', config.witnessesPath ? await readPublicKeys(config.witnessesPath) : []);
  },
  { name: 'signing' },
);
