// API keys on the command line, as an operator manages them on the server: made, listed (never
// their secrets), revoked.
import { describe, expect, it } from 'vitest';
import { workspace } from './support/cli.js';

describe('undersigned keys', () => {
  it('creates, lists and revokes keys', () => {
    const { run } = workspace();
    const made = run('keys', 'create', 'import script', '--role', 'editor');
    expect(made.code, made.stderr).toBe(0);
    const secret = made.stdout.trim();
    const id = /created editor key (key_\S+)/.exec(made.stderr)?.[1] ?? '';
    const listed = run('keys', 'list');
    expect(listed.stdout).toMatch(
      new RegExp(`^${id} {2}editor {2}${secret.slice(0, 8)}… {2}\\S+ {2}active {2}import script$`, 'm'),
    );
    expect(listed.stdout).not.toContain(secret);
    expect(run('keys', 'revoke', id).stderr).toBe(`revoked ${id}\n`);
    expect(run('keys', 'list').stdout).toMatch(new RegExp(`^${id} .* revoked \\S+ {2}import script$`, 'm'));
    expect(run('keys', 'revoke', id)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('was revoked already'),
    });
    expect(run('keys', 'revoke', 'key_nothing')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('does not exist'),
    });
  });
});
