// The shell examples of the README and the docs as data: their ```sh blocks, split into
// commands, each with the output its comments promise; the order the pages are walked in; and a
// checker for those promises.

export interface Step {
  /** The command as written (continuation lines joined by the shell, not here). */
  command: string;
  /** The expected-output comments that follow it (`# {…}`, `# => 201 {…}`, `# 304`, `# total 32`). */
  expected: string[];
}

export interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** Set when the block is preceded by `<!-- not run: reason -->`. */
  notRun: string | undefined;
  steps: Step[];
}

/** A comment that states what a command prints, as opposed to prose about it. */
const EXPECTATION = /^(?:=>\s*)?(?:\{|\d{3}\b|total \d+|"[^"]*"$)/;

/** Splits a trailing `  # comment` off a line (two spaces or more before the `#`). */
function trailingComment(line: string): [string, string | undefined] {
  const match = /^(.*?\S)\s{2,}#\s?(.*)$/.exec(line);
  return match ? [match[1] ?? '', match[2]] : [line, undefined];
}

export function steps(code: string): Step[] {
  const result: Step[] = [];
  let pending: string[] = [];
  for (const line of code.split('\n')) {
    const fullComment = /^\s*#\s?(.*)$/.exec(line);
    if (fullComment) {
      const text = fullComment[1] ?? '';
      const last = result.at(-1);
      if (pending.length === 0 && last && EXPECTATION.test(text)) last.expected.push(text);
      continue;
    }
    if (line.trim() === '') continue;
    const [code, comment] = trailingComment(line);
    pending.push(code);
    if (code.endsWith('\\')) continue;
    result.push({
      command: pending.join('\n'),
      expected: comment !== undefined && EXPECTATION.test(comment) ? [comment] : [],
    });
    pending = [];
  }
  if (pending.length > 0) result.push({ command: pending.join('\n'), expected: [] });
  return result;
}

export function shBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```sh') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]?.trim() !== '```'; i++) body.push(lines[i] ?? '');
    let before = start - 1;
    while (before >= 0 && lines[before]?.trim() === '') before--;
    const notRun = /^<!--\s*not run:\s*(.+?)\s*-->$/.exec(lines[before]?.trim() ?? '')?.[1];
    const code = body.join('\n');
    blocks.push({ line: start + 1, code, notRun, steps: steps(code) });
  }
  return blocks;
}

/**
 * The docs pages in the order of the numbered list in the README's "Documentation" section: the
 * order their examples run in, after the README's own (each page goes on from those before it).
 */
export function documentationPages(readme: string): string[] {
  const section = /^## Documentation\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^\d+\. \[[^\]]*\]\((docs\/[\w-]+\.md)\)/gm)].map((match) => match[1] ?? '');
}

/** The shell variables a block assigns (`NAME=…`, `export NAME=…`), to carry into later blocks. */
export function assignedVariables(code: string): string[] {
  return [
    ...new Set([...code.matchAll(/(?:^|[\s;(])(?:export\s+)?([A-Z_][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? '')),
  ];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal in which `…` stands for anything within one JSON string or header value. */
const pattern = (text: string, within: string) => text.split('…').map(escape).join(`${within}*`);

/**
 * What one expected-output comment asks of a command's output: the status (when the output has
 * the status line, `curl -i`), each `Header: value`, and each `"key":value` whose value is a
 * literal (`…` inside a string is a wildcard), `total N` meaning `"total":N`; a comment that is
 * one quoted string is text the output must contain. Returns the failures,
 * or a failure saying the comment promised nothing checkable.
 */
export function unmet(expected: string, output: string): string[] {
  const failures: string[] = [];
  let checks = 0;
  const text = expected.replace(/^=>\s*/, '');
  const line = /^"([^"]*)"$/.exec(text)?.[1];
  if (line !== undefined) return new RegExp(pattern(line, '.')).test(output) ? [] : [`no line with "${line}"`];
  const status = /^(\d{3})\b/.exec(text)?.[1];
  if (status !== undefined) {
    checks++;
    // The status line of `curl -i`, or the bare code of `curl -w '%{http_code}'`.
    const line = /^HTTP\/[\d.]+ (\d{3})/.exec(output) ?? /^(\d{3})$/.exec(output.trim());
    if (line && line[1] !== status) failures.push(`status ${line[1]}, expected ${status}`);
    if (!line && !/^\s*\{/.test(text.slice(3)))
      failures.push(`expected status ${status}, but the output has no status line (use curl -i)`);
  }
  for (const [, name, value] of text.matchAll(/\b([A-Z][A-Za-z-]+): ("[^"]*"|[^\s,]+)/g)) {
    checks++;
    if (!new RegExp(`^${escape(name ?? '')}: ${pattern(value ?? '', '[^\\r\\n]')}\\r?$`, 'im').test(output))
      failures.push(`no header ${name}: ${value}`);
  }
  for (const [, key, value] of text.matchAll(/"([\w-]+)":("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null|\[\])/g)) {
    checks++;
    const wanted = value?.startsWith('"') ? `"${pattern(value.slice(1, -1), '[^"]')}"` : escape(value ?? '');
    if (!new RegExp(`"${escape(key ?? '')}":${wanted}`).test(output)) failures.push(`no "${key}":${value}`);
  }
  for (const [, total] of text.matchAll(/\btotal (\d+)\b/g)) {
    checks++;
    if (!output.includes(`"total":${total}`)) failures.push(`no "total":${total}`);
  }
  if (checks === 0) failures.push(`the comment "${expected}" promises nothing the test can check`);
  return failures;
}
