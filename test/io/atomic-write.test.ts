import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, writeFileAtomicIfChanged } from '../../src/io/atomic-write';

describe('atomic writes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-atomic-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the whole content, with or without fsync, and leaves no temporary file', () => {
    const a = path.join(dir, 'sub', 'a.txt');
    writeFileAtomic(a, 'one');
    expect(fs.readFileSync(a, 'utf8')).toBe('one');
    writeFileAtomic(a, Buffer.from('two'), { fsync: false });
    expect(fs.readFileSync(a, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(a))).toEqual(['a.txt']);
  });

  it('rewrites only changed bytes', () => {
    const b = path.join(dir, 'b.txt');
    expect(writeFileAtomicIfChanged(b, 'x', { fsync: false })).toBe(true);
    const ino = fs.statSync(b).ino;
    expect(writeFileAtomicIfChanged(b, 'x')).toBe(false);
    expect(fs.statSync(b).ino).toBe(ino);
    expect(writeFileAtomicIfChanged(b, 'y')).toBe(true);
    expect(fs.readFileSync(b, 'utf8')).toBe('y');
  });

  it('leaves the old content when the write fails', () => {
    const c = path.join(dir, 'c.txt');
    writeFileAtomic(c, 'old');
    // a folder in the way of the rename
    const d = path.join(dir, 'd');
    fs.mkdirSync(path.join(d, 'x'), { recursive: true });
    expect(() => writeFileAtomic(d, 'new')).toThrow();
    expect(fs.readFileSync(c, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
