import type { Conn } from '../../db/client.js';
import type { SourceDocument } from '../../lib/documents/types.js';
import { keepDocument } from '../documents/repository.js';
import { addAliases } from '../organizations/repository.js';
import { insertStatement, reviseStatement } from '../statements/repository.js';
import { previewEvent } from '../timeline/append.js';
import { writeEvent } from '../timeline/write.js';
import { learnNames } from './languages.js';
import type { ImportPlan } from './plan.js';
import type { ImportResult } from './schemas.js';

/**
 * The write step of an import: carries out a plan inside the caller's transaction. The statement's
 * revision, the names and spellings learned, the document kept, then the event, checked and
 * planned by the timeline once the statement exists (a new one's first event names its real id).
 */
export function writeImport(
  db: Conn,
  plan: ImportPlan,
  kept: { document?: SourceDocument | undefined; keptDocument?: string | undefined },
  actor: string,
): ImportResult {
  const { existing, checked, result } = plan;
  const { doc, issuer, language } = checked;
  if (existing && Object.keys(plan.revised).length > 0) reviseStatement(db, existing, plan.revised, null, actor);
  learnNames(db, plan.namesLearned, actor);
  for (const e of result.entries)
    if (e.match.organizationId && e.newAliases.length) addAliases(db, e.match.organizationId, e.newAliases, actor);
  if (plan.event === null) return result;

  const document = kept.keptDocument ?? (kept.document ? keepImported(db, kept.document, actor) : undefined);
  const input = document ? { ...plan.event, document } : plan.event;
  const { declaredCount } = result.statement;
  const statementId =
    existing?.id ??
    insertStatement(
      db,
      {
        title: doc.title,
        issuer,
        kind: doc.kind,
        language,
        body: doc.body,
        openForSignatures: doc.openForSignatures,
        declaredCount,
      },
      actor,
    ).id;
  const eventPlan = previewEvent(db, statementId, input, actor);
  writeEvent(db, eventPlan);
  const event = eventPlan.event;
  // Entries that became new organizations learn their ids from the event, in order.
  plan.adds.forEach((e, i) => {
    e.match.organizationId = event.items[i]?.organizationId ?? null;
  });
  return {
    ...result,
    total: event.total,
    redundantLater: eventPlan.redundantLater,
    statement: { ...result.statement, id: statementId },
    event,
  };
}

/** Keeps the imported document (its bytes, their media type and charset, the file's name): the event names its SHA-256. */
function keepImported(db: Conn, document: SourceDocument, actor: string): string {
  const mediaType = document.charset
    ? `${document.mediaType}; charset=${document.charset.toLowerCase()}`
    : document.mediaType;
  return keepDocument(
    db,
    { bytes: document.bytes, mediaType },
    { fileName: document.fileName ?? null, recordedBy: actor },
  ).sha256;
}
