import { z } from 'zod';

/** A calendar date, YYYY-MM-DD; zod's own check knows month lengths and leap years. */
export const isoDate = z.iso.date({ error: 'must be a calendar date written YYYY-MM-DD' });

/** RFC 3339 date-time with an offset, normalised to UTC ISO so it compares with stored times. */
export const instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2022-01-21T12:00:00Z' })
  .transform((t, ctx) => {
    const time = Date.parse(t);
    // Offsets can push a valid-looking time outside years 0000-9999, which ISO 8601 cannot write.
    if (Number.isNaN(time) || !/^\d{4}-/.test(new Date(time).toISOString())) {
      ctx.issues.push({ code: 'custom', message: 'is not a valid moment', input: t });
      return z.NEVER;
    }
    return new Date(time).toISOString();
  });

export const todayUtc = () => new Date().toISOString().slice(0, 10);
