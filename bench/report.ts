/**
 * What a run prints and keeps: one table plus a few sections on stdout, and everything (with the
 * machine and the commit, so numbers are never compared across machines by accident) as JSON in
 * bench/results/<timestamp>.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Row } from './reads.js';

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ms = (n: number | null | undefined) =>
  fmt(n, n !== null && n !== undefined && n < 10 ? 2 : n !== null && n !== undefined && n < 100 ? 1 : 0);

/** A plain text table, columns padded to their widest cell, numbers right-aligned. */
export function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (alignRight[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function readTable(rows: Row[]): string {
  return table(
    ['route', 'req/s', 'p50 ms', 'p99 ms', 'peer', 'ratio', 'RSS MB', 'note'],
    rows.map((r) => [
      r.route,
      fmt(r.reqPerSec),
      ms(r.p50),
      ms(r.p99),
      r.peer,
      r.ratio === null ? '' : `${fmt(r.ratio, 2)}×`,
      fmt(r.rssMb),
      r.note,
    ]),
    [false, true, true, true, false, true, true, false],
  );
}

export function section(title: string, lines: string[]): string {
  return [`\n## ${title}`, ...lines.map((l) => `  ${l}`)].join('\n');
}

export function gitCommit(): { commit: string; dirty: boolean } {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations', 'package.json'], {
        cwd,
        encoding: 'utf8',
      }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

export function machine() {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model ?? 'unknown',
    node: process.version,
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes the run's JSON under bench/results/ and returns its path. */
export function saveResults(results: object, startedAt: Date): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
