import { inTransaction, type Conn } from '../../db/client.js';
import { appendRevision } from '../../db/revisions.js';
import { statements } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { checkVersions, languagesOf, nfcVersions } from './versions.js';
import type { Statement, StatementInput, StatementPatch, StatementState } from './schemas.js';
import {
  countMismatch,
  getLiveStatement,
  getLiveStatementRow,
  reviseStatementRow,
  statementSearchText,
  toStatementState,
  type Row,
} from './head.js';

/** A statement's writes: its creation, its revisions and its deletion. */

export function insertStatement(tx: Conn, input: StatementInput, actor: string): StatementState {
  const now = nowIso();
  const values = {
    id: newId('stm'),
    revision: 1,
    title: input.title.normalize('NFC'),
    issuer: input.issuer.normalize('NFC'),
    kind: input.kind,
    publishedOn: input.publishedOn ?? null,
    language: input.language ?? null,
    body: input.body.normalize('NFC'),
    versions: nfcVersions(input.versions ?? []),
    sourceUrl: input.sourceUrl ?? null,
    openForSignatures: input.openForSignatures,
    declaredCount: input.declaredCount ?? null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  checkVersions(values.language, values.versions);
  const row = tx
    .insert(statements)
    .values({ ...values, searchText: statementSearchText(values) })
    .returning()
    .get();
  const state = toStatementState(row);
  appendRevision(tx, {
    resource: 'statement',
    resourceId: row.id,
    revision: 1,
    action: 'create',
    recordedAt: now,
    recordedBy: actor,
    state,
  });
  return state;
}

export function createStatement(db: Conn, input: StatementInput, actor: string): Statement {
  return inTransaction(db, () => {
    const state = insertStatement(db, input, actor);
    return {
      ...state,
      languages: languagesOf(state),
      signatoryCount: 0,
      declaredCountMismatch: countMismatch(state.declaredCount, 0),
    };
  });
}
export function updateStatement(
  db: Conn,
  id: string,
  patch: StatementPatch,
  matches: (revision: number) => boolean,
  actor: string,
  language?: string | null,
): Statement {
  return inTransaction(db, () => {
    reviseStatement(db, getLiveStatementRow(db, id), patch, matches, actor);
    return getLiveStatement(db, id, language);
  });
}

/** The next revision of a statement, with the patch applied, inside the caller's transaction (an import adds versions so). */
export function reviseStatement(
  tx: Conn,
  current: Row,
  patch: StatementPatch,
  matches: ((revision: number) => boolean) | null,
  actor: string,
): StatementState {
  const now = nowIso();
  const next = {
    title: patch.title?.normalize('NFC') ?? current.title,
    issuer: patch.issuer?.normalize('NFC') ?? current.issuer,
    kind: patch.kind ?? current.kind,
    publishedOn: patch.publishedOn === undefined ? current.publishedOn : patch.publishedOn,
    language: patch.language === undefined ? current.language : patch.language,
    body: patch.body?.normalize('NFC') ?? current.body,
    versions: patch.versions === undefined ? current.versions : nfcVersions(patch.versions),
    sourceUrl: patch.sourceUrl === undefined ? current.sourceUrl : patch.sourceUrl,
    openForSignatures: patch.openForSignatures ?? current.openForSignatures,
    declaredCount: patch.declaredCount === undefined ? current.declaredCount : patch.declaredCount,
  };
  checkVersions(next.language, next.versions);
  return reviseStatementRow(tx, current, {
    matches,
    action: 'update',
    actor,
    now,
    set: { ...next, searchText: statementSearchText(next) },
  });
}

export function deleteStatement(
  db: Conn,
  id: string,
  matches: ((revision: number) => boolean) | null,
  actor: string,
): void {
  inTransaction(db, () => {
    const current = getLiveStatementRow(db, id);
    const now = nowIso();
    reviseStatementRow(db, current, { matches, action: 'delete', actor, now, set: { deletedAt: now } });
  });
}
