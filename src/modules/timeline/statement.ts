import type { Conn } from '../../db/client.js';
import { notFound } from '../../lib/domain-error.js';
import { findStatementRow } from '../statements/head.js';

/** Timeline reads stay available for deleted statements' history, but not for unknown ones. */
export function requireStatement(db: Conn, id: string) {
  const row = findStatementRow(db, id);
  if (!row) throw notFound('Statement', id);
  return row;
}
