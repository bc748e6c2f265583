import * as fs from 'node:fs';
import { fail } from '../model/diagnostics';

/**
 * Read a source text as strict UTF-8. A missing or unreadable file, or bytes
 * that are not UTF-8, give a TeikitError naming the file (and, for bad bytes,
 * the line and column of the first one). A leading BOM is dropped; CRLF and
 * CR line ends become LF; the text is put in Unicode NFC.
 */
export function readSourceText(file: string): string {
  return decodeSource(file, readFileBytes(file, 'source '));
}

/**
 * A file's bytes; a missing, unreadable or folder path gives a TeikitError
 * (rule io/unreadable) saying why, its message starting with `prefix`.
 */
export function readFileBytes(file: string, prefix = ''): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
    fail(file, 'io/unreadable', `${prefix}${why}`);
  }
}

export function decodeSource(file: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, column, offset } = firstInvalidUtf8(bytes);
    fail(file, 'io/not-utf8', `not UTF-8: invalid byte 0x${bytes[offset].toString(16).padStart(2, '0')} (expected a UTF-8 text file)`, line, column);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) {
    const idx = text.indexOf('\u0000');
    const { line, column } = lineColumn(text, idx);
    fail(file, 'io/binary', 'a NUL character: this looks like a binary file, not a text', line, column);
  }
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** 1-based line and column of a string offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number; offset: number } {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    if (len === 0 || i + len > bytes.length) return { line, column, offset: i };
    for (let k = 1; k < len; k++) {
      if ((bytes[i + k] & 0xc0) !== 0x80) return { line, column, offset: i };
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len));
    } catch {
      return { line, column, offset: i };
    }
    if (b === 10) {
      line++;
      column = 1;
    } else column++;
    i += len;
  }
  return { line, column, offset: Math.max(0, bytes.length - 1) };
}
