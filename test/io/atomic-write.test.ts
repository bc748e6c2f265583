import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freeingReplacedLater, openAtomicFile, startAtomicWrite, writeFileAtomic, writeFileAtomicIfChanged, writeJsonFileAtomic } from '../../src/io/atomic-write';

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

  it('writes a file piece by piece through a bounded block: bytes and runs of another file, larger than the block too', () => {
    const from = path.join(dir, 'from.bin');
    const big = Buffer.alloc((3 << 20) + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 12)) & 0xff;
    fs.writeFileSync(from, big);
    const fd = fs.openSync(from, 'r');
    const target = path.join(dir, 'streamed', 'page.html');
    const seen: number[] = [];
    const expected = Buffer.concat([Buffer.from('<head>'), big.subarray(5, 5 + 100), Buffer.from('é'), big.subarray(1000), Buffer.alloc(2 << 20, 1), Buffer.from('</end>')]);
    const write = (): ReturnType<typeof openAtomicFile> => {
      const f = openAtomicFile(target, { fsync: false });
      f.write(Buffer.from('<head>'));
      f.copyFrom(fd, 5, 100);
      f.write(Buffer.from('é'));
      f.copyFrom(fd, 1000, big.length - 1000, (b) => seen.push(b.length));
      f.write(Buffer.alloc(2 << 20, 1));
      f.write(Buffer.from('</end>'));
      return f;
    };
    // nothing is in place before the commit; a discard leaves no file
    const first = write();
    expect(fs.existsSync(target)).toBe(false);
    first.discard();
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
    write().commit();
    expect(fs.readFileSync(target).equals(expected)).toBe(true);
    // the copy went through blocks of at most 1 MB, every byte seen once
    expect(Math.max(...seen)).toBeLessThanOrEqual(1 << 20);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(2 * (big.length - 1000));
    // the same bytes again: not written (the file keeps its inode); other bytes: written
    const ino = fs.statSync(target).ino;
    expect(write().commitIfChanged()).toBe(false);
    expect(fs.statSync(target).ino).toBe(ino);
    const other = openAtomicFile(target, { fsync: false });
    other.write(Buffer.from('<head>'));
    other.copyFrom(fd, 5, 100);
    expect(other.commitIfChanged()).toBe(true);
    expect(fs.readFileSync(target).equals(Buffer.concat([Buffer.from('<head>'), big.subarray(5, 105)]))).toBe(true);
    // a copy past the end of its source fails, and the target stays as it was
    const short = openAtomicFile(target, { fsync: false });
    expect(() => short.copyFrom(fd, big.length - 10, 20)).toThrow(/short/);
    short.discard();
    expect(fs.readFileSync(target).length).toBe(106);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['page.html']);
    fs.closeSync(fd);
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

  it('writes beside other work: many chunks in full on commit; on discard the target stays as it was', async () => {
    const c = path.join(dir, 'c', 'page.html');
    writeFileAtomic(c, 'before');
    // more chunks than one vectored write takes (IOV_MAX is 1024), of mixed sizes
    const chunks = Array.from({ length: 3000 }, (_, i) => Buffer.from(`<p>${i}</p>`.repeat((i % 7) + 1)));
    const expected = Buffer.concat(chunks);
    const kept = startAtomicWrite(c, chunks, { fsync: false });
    const dropped = startAtomicWrite(path.join(dir, 'c', 'other.html'), [Buffer.from('x')]);
    // this thread goes on with its own (synchronous) work meanwhile
    let busy = 0;
    for (let i = 0; i < 1e6; i++) busy += i % 3;
    expect(busy).toBeGreaterThan(0);
    expect(fs.readFileSync(c, 'utf8')).toBe('before');
    await dropped.discard();
    await kept.commit();
    expect(fs.readFileSync(c).equals(expected)).toBe(true);
    expect(fs.readdirSync(path.dirname(c))).toEqual(['page.html']);
  });

  it('writes chunks in full in vectored writes (more than one write takes, empty ones among them)', () => {
    const f = path.join(dir, 'chunks', 'corpus.xml');
    const chunks = Array.from({ length: 2500 }, (_, i) => (i % 5 === 0 ? Buffer.alloc(0) : Buffer.from(`<TEI n="${i}"/>\n`.repeat((i % 3) + 1))));
    writeFileAtomic(f, chunks, { fsync: false });
    expect(fs.readFileSync(f).equals(Buffer.concat(chunks))).toBe(true);
    expect(fs.readdirSync(path.dirname(f))).toEqual(['corpus.xml']);
  });

  it('replaces a large file within freeingReplacedLater: readers holding the old one keep it, and no second name is left', async () => {
    const f = path.join(dir, 'large', 'print.html');
    const old = Buffer.alloc(3 << 20, 'a');
    const next = Buffer.alloc(2 << 20, 'b');
    writeFileAtomic(f, old, { fsync: false });
    const reader = fs.openSync(f, 'r');
    const seen = await freeingReplacedLater(async () => {
      writeFileAtomic(f, next, { fsync: false });
      const pending = startAtomicWrite(f, [next, Buffer.from('c')], { fsync: false });
      await pending.commit();
      return fs.readFileSync(f);
    });
    expect(seen.equals(Buffer.concat([next, Buffer.from('c')]))).toBe(true);
    // the old content is still there for whoever had it open
    const back = Buffer.alloc(16);
    fs.readSync(reader, back, 0, 16, 0);
    fs.closeSync(reader);
    expect(back.toString()).toBe('a'.repeat(16));
    // when freeingReplacedLater resolves, the old contents' second names are gone
    expect(fs.readdirSync(path.dirname(f))).toEqual(['print.html']);
  });

  it('reports a failed write on commit, leaving the target and no temporary file', async () => {
    const d = path.join(dir, 'e', 'page.html');
    writeFileAtomic(d, 'before');
    // a folder where the target is: the rename fails
    const blocked = path.join(dir, 'e', 'blocked');
    fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    await expect(startAtomicWrite(blocked, [Buffer.from('x')]).commit()).rejects.toThrow();
    expect(fs.readdirSync(path.join(dir, 'e')).sort()).toEqual(['blocked', 'page.html']);
    expect(fs.readFileSync(d, 'utf8')).toBe('before');
  });
});

describe('writeJsonFileAtomic', () => {
  const value = {
    version: '4',
    skipped: undefined,
    resources: {
      'a.xml': { id: 'a', member: { '@id': 'a', title: 'Письмо «А»\n', n: [1, 2.5, -0, null], nested: { deep: [undefined, { x: true }] } }, files: 'a/1\na/2' },
      'b "quoted".xml': { id: 'b', none: undefined, when: new Date(Date.UTC(1925, 11, 1)) },
    },
    list: ['x', undefined, 3, [4, [5]], { y: undefined }],
    empty: {},
    emptyList: [],
  };

  test('writes what JSON.stringify writes, member by member', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-json-'));
    const file = path.join(dir, 'index.json');
    writeJsonFileAtomic(file, value, { fsync: false }, '\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(value) + '\n');
    writeJsonFileAtomic(file, [value, 'end'], { fsync: false });
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify([value, 'end']));
    expect(fs.readdirSync(dir)).toEqual(['index.json']);
  });

  test('a value it cannot write leaves the old file as it was, and no temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-json-'));
    const file = path.join(dir, 'index.json');
    fs.writeFileSync(file, '{"old":true}');
    expect(() => writeJsonFileAtomic(file, { resources: { a: { ok: 1 }, b: { n: BigInt(1) } } })).toThrow(TypeError);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"old":true}');
    expect(fs.readdirSync(dir)).toEqual(['index.json']);
  });
});
