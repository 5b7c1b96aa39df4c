// What a category name may be. Names are shown on the dashboard, in reports and in operators' terminals, so
// a name must be text a person can see and read the same way everywhere: one Unicode form (NFC, so "é" typed
// two ways is one name), no surrounding blanks, and none of the characters that hide, reorder or control
// what is displayed: control characters (NUL, ESC of ANSI sequences, line breaks), invisible format characters
// (zero-width spaces and joiners, bidi overrides and isolates, BOM), line and paragraph separators, and
// broken UTF-16. Pure: the admin API answers 400 with the reason.

export const MAX_CATEGORY_NAME_LENGTH = 100;

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

// Cc: control characters; Cf: format characters (zero-width, bidi controls); Zl/Zp: line/paragraph separators.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const codePoint = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The name as stored (NFC, trimmed), or why it is refused. */
export function normalizeCategoryName(raw: string): NameCheck {
  if (!raw.isWellFormed()) return { ok: false, reason: 'name is not well-formed Unicode (a lone surrogate)' };
  const name = raw.normalize('NFC').trim();
  if (name === '') return { ok: false, reason: 'name is empty once surrounding blanks are removed' };
  const hidden = HIDDEN.exec(name);
  if (hidden !== null) {
    return {
      ok: false,
      reason: `name carries ${codePoint(hidden[0])}, a control or invisible character, at position ${hidden.index}`,
    };
  }
  if ([...name].length > MAX_CATEGORY_NAME_LENGTH) {
    return { ok: false, reason: `name is longer than ${MAX_CATEGORY_NAME_LENGTH} characters` };
  }
  return { ok: true, name };
}
