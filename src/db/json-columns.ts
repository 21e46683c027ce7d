/**
 * The shapes of the JSON columns, apart from the tables that hold them: every schema file (the
 * tables, the registry's) takes them from here, and none takes them from another.
 */

/** Who recorded a withdrawal or retraction, when, in which event, and why. */
export interface ChangeNote {
  seq: number;
  asOf: string;
  reason: string | null;
  recordedAt: string;
  recordedBy: string;
}

/** An identifier of an organization in another registry (Wikidata, ROR, ISNI…) or on the web. */
export interface OrganizationIdentifier {
  scheme: string;
  value: string;
}

/** An organization's name in one language (BCP 47 tag). */
export interface LanguageName {
  lang: string;
  name: string;
}

/** A statement's title and body in one more language (BCP 47 tag). */
export interface StatementVersion {
  language: string;
  title: string;
  body: string;
}
