/** What an unloaded CSS URL becomes: valid wherever a URL is, decodes to nothing, fetches nothing. */
export const EMPTY_CSS_URL = 'url("data:,")';

/** Text that may hold a URL reference; anything else is returned as it is without scanning. */
const MAY_REFERENCE = /url\(|src\(|image-set|@import|\\/i;

/**
 * Rewrites recorded CSS so it fetches nothing `allows` refuses: `url(…)` and `src(…)` become an
 * empty data: URL, the strings of `image-set()` likewise, and an `@import` of a refused sheet is
 * dropped whole. Font faces, backgrounds, cursors, list markers, masks, border images and
 * `content` images are all `url()` (or `image-set()`) somewhere, so one rule covers them, and an
 * attribute selector can no longer send recorded values anywhere.
 *
 * A single pass of a small CSS tokenizer (comments, strings, escapes, function names, parens),
 * linear in the text: names are compared after CSS escapes are decoded, so `\75 rl(` is `url(`.
 * The replay document's CSP is the backstop for anything CSS may add that this does not know.
 */
export function neutralizeCss(css: string, allows: (url: string) => boolean): string {
  if (!MAY_REFERENCE.test(css)) return css;
  return new CssRewriter(css, allows).run();
}

type Paren = 'image-set' | 'other';

class CssRewriter {
  private i = 0;
  private readonly out: string[] = [];
  private readonly parens: Paren[] = [];
  /** While inside an `@import` prelude: where it starts in `out`, and whether its sheet may load. */
  private importAt = -1;
  private importAllowed: boolean | null = null;

  constructor(private readonly css: string, private readonly allows: (url: string) => boolean) {}

  run(): string {
    const s = this.css;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '/' && s[this.i + 1] === '*') this.comment();
      else if (c === '"' || c === "'") this.string();
      else if (c === '@' && startsIdent(s, this.i + 1)) this.atKeyword();
      else if (startsIdent(s, this.i)) this.identLike();
      else {
        if (c === '(') this.parens.push('other');
        else if (c === ')') this.parens.pop();
        else if ((c === ';' || c === '{' || c === '}') && this.parens.length === 0 && this.endImport() && c === ';') {
          // A dropped @import takes its `;` along: a stray one would swallow the next rule.
          this.i++;
          continue;
        }
        this.out.push(c);
        this.i++;
      }
    }
    this.endImport();
    return this.out.join('');
  }

  private comment(): void {
    const end = this.css.indexOf('*/', this.i + 2);
    const stop = end === -1 ? this.css.length : end + 2;
    this.out.push(this.css.slice(this.i, stop));
    this.i = stop;
  }

  /** A quoted string: a URL inside `image-set()` and after `@import`, text anywhere else. */
  private string(): void {
    const start = this.i;
    const value = this.readString();
    const raw = this.css.slice(start, this.i);
    const isUrl = this.importAt !== -1 ? this.importAllowed === null : this.parens[this.parens.length - 1] === 'image-set';
    if (!isUrl) {
      this.out.push(raw);
      return;
    }
    const ok = this.allows(value);
    if (this.importAt !== -1) this.importAllowed = ok;
    this.out.push(ok ? raw : '"data:,"');
  }

  private atKeyword(): void {
    const start = this.i;
    this.i++;
    const name = this.readName().toLowerCase();
    if (name === 'import' && this.parens.length === 0) {
      this.importAt = this.out.length;
      this.importAllowed = null;
    }
    this.out.push(this.css.slice(start, this.i));
  }

  private identLike(): void {
    const start = this.i;
    const name = this.readName().toLowerCase();
    const raw = this.css.slice(start, this.i);
    if (this.css[this.i] !== '(') {
      this.out.push(raw);
      return;
    }
    this.i++;
    if (name === 'url' || name === 'src') {
      this.urlArgument(raw);
      return;
    }
    this.parens.push(name === 'image-set' || name === '-webkit-image-set' ? 'image-set' : 'other');
    this.out.push(raw, '(');
  }

  /** After `url(`: a quoted or bare URL up to its `)`, kept or replaced whole. */
  private urlArgument(name: string): void {
    const s = this.css;
    const start = this.i;
    this.skipSpace();
    let value: string;
    if (s[this.i] === '"' || s[this.i] === "'") {
      value = this.readString();
      this.skipSpace();
      // Anything else before `)` (url modifiers): consumed, the URL decides.
      while (this.i < s.length && s[this.i] !== ')') this.i++;
    } else {
      let raw = '';
      while (this.i < s.length && s[this.i] !== ')') {
        if (s[this.i] === '\\' && this.i + 1 < s.length) raw += this.readEscape();
        else raw += s[this.i++];
      }
      value = raw.trim();
    }
    const closed = s[this.i] === ')';
    if (closed) this.i++;
    const ok = this.allows(value);
    if (this.importAt !== -1 && this.importAllowed === null) this.importAllowed = ok;
    this.out.push(ok ? `${name}(${s.slice(start, closed ? this.i : s.length)}` : EMPTY_CSS_URL);
  }

  /** Ends an `@import` prelude: dropped whole unless its sheet may load. Answers whether it was dropped. */
  private endImport(): boolean {
    if (this.importAt === -1) return false;
    const drop = this.importAllowed !== true;
    if (drop) this.out.length = this.importAt;
    this.importAt = -1;
    this.importAllowed = null;
    return drop;
  }

  /** Reads a quoted string from the quote on; answers its value with escapes decoded. */
  private readString(): string {
    const s = this.css;
    const quote = s[this.i++];
    let value = '';
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === quote) {
        this.i++;
        break;
      }
      if (c === '\n') break; // a bad string ends at the line end
      if (c === '\\') {
        if (s[this.i + 1] === '\n') this.i += 2;
        else if (this.i + 1 < s.length) value += this.readEscape();
        else this.i++;
        continue;
      }
      value += c;
      this.i++;
    }
    return value;
  }

  /** Reads a name (identifier characters and escapes); answers it decoded. */
  private readName(): string {
    const s = this.css;
    let name = '';
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (isNameChar(c)) {
        name += c;
        this.i++;
      } else if (c === '\\' && s[this.i + 1] !== undefined && s[this.i + 1] !== '\n') {
        name += this.readEscape();
      } else break;
    }
    return name;
  }

  /** Reads `\` + up to six hex digits (and one space) or `\` + a character; answers the character. */
  private readEscape(): string {
    const s = this.css;
    this.i++; // the backslash
    let hex = '';
    while (hex.length < 6 && this.i < s.length && /[0-9a-fA-F]/.test(s[this.i]!)) hex += s[this.i++];
    if (!hex) return s[this.i++] ?? '';
    if (s[this.i] === ' ' || s[this.i] === '\t' || s[this.i] === '\n') this.i++;
    const code = parseInt(hex, 16);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
  }

  private skipSpace(): void {
    while (this.i < this.css.length && /\s/.test(this.css[this.i]!)) this.i++;
  }
}

function isNameChar(c: string): boolean {
  return /[A-Za-z0-9_-]/.test(c) || c.charCodeAt(0) >= 0x80;
}

/** Whether an identifier starts at `i` (a letter, `_`, non-ASCII, an escape, or `-` before one of those or `-`). */
function startsIdent(s: string, i: number): boolean {
  const c = s[i];
  if (c === undefined) return false;
  const isStart = (ch: string | undefined, at: number) =>
    ch !== undefined && (/[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80 || (ch === '\\' && s[at + 1] !== undefined && s[at + 1] !== '\n'));
  if (isStart(c, i)) return true;
  if (c !== '-') return false;
  const next = s[i + 1];
  return next === '-' || isStart(next, i + 1);
}
