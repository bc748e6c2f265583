import * as fs from 'node:fs';

/**
 * A file's signature: size, modification and change times (ns) and inode. A
 * file written again, even in place and to the same size, has another one
 * (its change time moves), so an equal signature means the bytes last read
 * are still there. Undefined when the file cannot be stat'ed.
 */
export function fileSignature(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** The change time (ms since the epoch) a signature carries. */
export function signatureChangedMs(signature: string): number {
  return Number(BigInt(signature.split(':')[2]) / 1_000_000n);
}
