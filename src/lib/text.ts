import { z } from 'zod';

/**
 * Control characters (C0, DEL, C1) and Unicode line and paragraph separators. A name that holds
 * one can break a published list into extra "entries" when exported, or hide text in a log line.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** One line of text, trimmed, between `min` and `max` characters. */
export const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((text) => !CONTROL.test(text), 'must be one line of text, without control characters or line breaks');

/** For exports of text stored before the rule: control characters become spaces. */
export const flattened = (text: string) => text.replace(new RegExp(CONTROL.source, 'gu'), ' ');
