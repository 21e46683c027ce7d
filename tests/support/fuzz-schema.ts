/** Values of a field or a whole body from its JSON schema, aimed by the field's name. */
import fc from 'fast-check';
import { cursors, countries, dates, instants, languages, limits, searches, urls } from './fuzz-domains.js';
import { ids, idKindFor, type Harness } from './fuzz-harness.js';
import { importTexts } from './fuzz-import-text.js';
import { schemaOf, type JsonSchema } from './fuzz-spec.js';
import { hostileString, mix, withHostile, type Domain } from './fuzz-values.js';

/** A text field: ordinary words and unicode within its limits, or its limits crossed. */
function texts(s: JsonSchema): Domain {
  const max = s.maxLength ?? 200;
  const min = Math.max(s.minLength ?? 0, 1);
  return {
    valid: fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) })
          .filter((t) => t.trim() !== ''),
      },
      {
        weight: 2,
        arbitrary: fc
          .string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 20)) })
          .filter((t) => t.trim() !== ''),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'x'.repeat(max),
          ` ${'y'.repeat(Math.min(max, 10))} `,
          'Rode Morgen',
          'Партия',
          'e\u0301',
          '🏳️‍🌈',
        ),
      },
      // Valid JSON strings that are not well-formed UTF-16: a lone surrogate, escaped in the JSON text.
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'))
          .map(([a, b]) => `${a}${b}`.slice(0, max)),
      },
    ),
    invalid: withHostile(fc.constantFrom('x'.repeat(max + 1), ' '.repeat(Math.min(max, 5)), '')),
  };
}

export function domainFor(h: Harness, s: JsonSchema, name: string, path: string): Domain {
  if (['organizationId', 'statementId', 'signedBy'].includes(name)) return ids(h, idKindFor(name, path));
  if (['asOf', 'signedOn', 'publishedOn', 'from', 'to'].includes(name) || s.format === 'date') return dates;
  if (name === 'knownAt' || s.format === 'date-time') return instants;
  if (name === 'country') return countries;
  if (name === 'language') return languages;
  if (['website', 'sourceUrl'].includes(name) || s.format === 'uri') return urls;
  if (name === 'text' || /published document/i.test(s.description ?? '')) return importTexts;
  if (name === 'q') return searches;
  if (name === 'cursor') return cursors;
  if (name === 'limit') return limits;
  if (name === 'dryRun')
    return { valid: fc.constantFrom('true', 'false'), invalid: fc.constantFrom('TRUE', '1', 'yes', '') };
  return texts(s);
}

/**
 * Values of a JSON schema, valid but for about one field in `validWeight`, with the app's own
 * ids, dates and codes where the field names call for them.
 */
export function fromSchema(
  h: Harness,
  schema: JsonSchema | undefined,
  name: string,
  path: string,
  depth: number,
  validWeight: number,
): fc.Arbitrary<unknown> {
  if (!schema) return fc.jsonValue({ maxDepth: 2 });
  const s = schemaOf(schema);
  if (depth > 6) return fc.constant(null);
  if (s.enum?.length)
    return fc.oneof(
      { weight: validWeight, arbitrary: fc.constantFrom(...s.enum) },
      { weight: 1, arbitrary: hostileString },
    );
  if ('const' in s) return fc.constant(s.const);
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alternatives?.length) {
    return fc.oneof(
      ...alternatives.map((a) =>
        fromSchema(h, { description: s.description, ...schemaOf(a) }, name, path, depth + 1, validWeight),
      ),
    );
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length > 1)
    return fc.oneof(...types.map((type) => fromSchema(h, { ...s, type }, name, path, depth, validWeight)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      return mix(domainFor(h, s, name, path), validWeight);
    case 'array': {
      const item = fromSchema(h, s.items, name, path, depth + 1, validWeight);
      const maxLength = Math.min(s.maxItems ?? 3, 3);
      return fc.oneof(
        { weight: 1, arbitrary: fc.array(item, { minLength: Math.min(s.minItems ?? 0, maxLength), maxLength }) },
        {
          weight: 3,
          arbitrary: fc.array(item, {
            minLength: Math.min(Math.max(s.minItems ?? 1, 1), maxLength),
            maxLength: Math.min(maxLength, 2),
          }),
        },
      );
    }
    case 'object': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(s.properties ?? {}))
        model[key] = fromSchema(h, value, key, path, depth + 1, validWeight);
      const pairs = EXCLUSIVE_KEYS.filter(([a, b]) => a in model && b in model);
      const exclusive = pairs.flat();
      const required = [...(s.required ?? []), ...exclusive].filter((k) => k in model);
      const record = fc.record(model, { requiredKeys: required });
      if (!pairs.length) return record;
      // Schemas that take exactly one of two keys (an existing organization or a new one): mostly keep one.
      return fc.tuple(record, fc.nat({ max: 9 })).map(([value, pick]) => {
        const out: Record<string, unknown> = { ...value };
        for (const [a, b] of pairs) {
          if (pick === 9) continue;
          if (pick === 8) {
            delete out[a];
            delete out[b];
          } else delete out[pick < 4 ? a : b];
        }
        return out;
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const EXCLUSIVE_KEYS: [string, string][] = [['organizationId', 'organization']];
