// The triggers are compared with those the migrations make, by name and SQL: a guard emptied
// under its own name, the triggers that feed webhooks and search dropped, or one slipped in, are
// each reported by GET /v1/integrity and by `undersigned verify` (non-zero exit).
import { describe, expect, it } from 'vitest';
import { makeApp } from './support/app.js';
import { checkFile, heldFile } from './support/tamper.js';

describe('triggers are checked against the migrations, by their SQL', () => {
  it('a guard made a no-op under its own name is reported; the same SQL laid out otherwise is not', async () => {
    const { raw, databasePath } = await heldFile(await makeApp());
    raw.exec('DROP TRIGGER signatory_events_no_update');
    raw.exec('CREATE TRIGGER signatory_events_no_update BEFORE UPDATE ON signatory_events BEGIN SELECT 1; END');
    const original = String(
      raw.prepare("select sql from sqlite_master where name = 'revisions_no_delete'").pluck().get(),
    );
    raw.exec('DROP TRIGGER revisions_no_delete');
    raw.exec(original.replace(/\s+/g, '\n    '));
    raw.close();

    const { report, cli } = await checkFile(databasePath);
    expect(report).toMatchObject({
      valid: false,
      missingGuards: [],
      changedGuards: ['signatory_events_no_update'],
      extraTriggers: [],
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      "BROKEN  guards: triggers whose SQL differs from the migrations' signatory_events_no_update\n",
    );
  });

  it('dropped triggers that queue webhooks and keep the search index are reported as missing', async () => {
    const { raw, databasePath } = await heldFile(await makeApp());
    raw.exec('DROP TRIGGER outbox_webhook_on_event');
    raw.exec('DROP TRIGGER organizations_fts_update');
    raw.close();

    const { report, cli } = await checkFile(databasePath);
    expect(report).toMatchObject({
      valid: false,
      missingGuards: ['organizations_fts_update', 'outbox_webhook_on_event'],
      changedGuards: [],
      extraTriggers: [],
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      'BROKEN  guards: missing triggers organizations_fts_update, outbox_webhook_on_event\n',
    );
  });

  it('a trigger the migrations never made is reported', async () => {
    const { raw, databasePath } = await heldFile(await makeApp());
    // Marks every webhook message delivered as it is queued: nothing would ever be sent.
    raw.exec(
      'CREATE TRIGGER outbox_quiet AFTER INSERT ON outbox BEGIN UPDATE outbox SET delivered_at = NEW.created_at WHERE id = NEW.id; END',
    );
    raw.close();

    const { report, cli } = await checkFile(databasePath);
    expect(report).toMatchObject({
      valid: false,
      missingGuards: [],
      changedGuards: [],
      extraTriggers: ['outbox_quiet'],
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN  guards: triggers the migrations never made outbox_quiet\n');
  });
});
