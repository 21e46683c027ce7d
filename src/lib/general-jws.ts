import type { GeneralJWS } from 'jose';
import { z } from 'zod';

/** A JWS in JSON serialization (RFC 7515 §7.2.1): one payload, a signature per signer. */
export const signedJws = z
  .object({
    payload: z.string().describe('The signed content, base64url.'),
    signatures: z
      .array(
        z.object({
          protected: z.string().describe("The signature's header (alg, kid, typ), base64url."),
          signature: z.string().describe('The signature, base64url.'),
        }),
      )
      .min(1)
      .describe('One per signer.'),
  })
  .meta({
    id: 'GeneralJws',
    description: 'A JWS in JSON serialization (RFC 7515 §7.2.1): one payload, one signature per signer.',
  });

export type SignedJws = z.infer<typeof signedJws>;

/** jose's GeneralJWS, whose signatures all carry a protected header (ours always do). */
export const asSigned = (jws: GeneralJWS): SignedJws => ({
  payload: jws.payload,
  signatures: jws.signatures.map((s) => ({ protected: s.protected ?? '', signature: s.signature })),
});

/** The protected header of one signature, or null when it is not JSON. */
export function protectedHeader(encoded: string): unknown {
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
