/**
 * Files written by a worker thread (src/io/background-writer.ts): every
 * queued file is there, with its bytes, when finish() returns; a file that
 * cannot be written is an error naming it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackgroundWriter } from '../../src/io/background-writer';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-bgw-'));

describe('BackgroundWriter', () => {
  test('all files, in nested folders, with their bytes (text and binary), when finish returns', () => {
    const dir = tmp();
    const w = new BackgroundWriter();
    const expected = new Map<string, Buffer>();
    for (let i = 0; i < 1000; i++) {
      const file = path.join(dir, `d${i % 7}`, `e${i % 3}`, `f${i}.json`);
      const content = i % 2 ? `{"n": ${i}, "text": "Письмо ${i}"}` : Buffer.from([i & 255, 0, 255, 10]);
      w.write(file, content);
      expected.set(file, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    }
    w.finish();
    for (const [file, bytes] of expected) expect([file, fs.readFileSync(file).equals(bytes)]).toEqual([file, true]);
    expect(() => w.write(path.join(dir, 'late'), 'x')).toThrow(/after finish/);
  });

  test('a writer thread that dies: finish throws instead of waiting for it', () => {
    const dir = tmp();
    const w = new BackgroundWriter();
    // a message the thread cannot take (not a batch): it throws outside its per-file handling and stops
    (w as unknown as { worker: { postMessage(m: unknown): void } }).worker.postMessage(42);
    w.write(path.join(dir, 'a.txt'), 'a');
    expect(() => w.finish()).toThrow(/file-writing thread stopped with 1 of 1 batches unwritten/);
  });

  test('what is held for the thread is bounded: a write waits once 4 batches are unwritten (and throws when the thread stopped, instead of queueing on)', () => {
    const dir = tmp();
    const w = new BackgroundWriter();
    (w as unknown as { worker: { postMessage(m: unknown): void } }).worker.postMessage(42);
    // 4 MB of content makes a batch: the first four are sent and held, the fifth has to wait for them
    const big = 'x'.repeat(4 << 20);
    let accepted = 0;
    expect(() => {
      for (let i = 0; i < 50; i++) {
        w.write(path.join(dir, `big-${i}.txt`), big);
        accepted++;
      }
    }).toThrow(/file-writing thread stopped with 5 of 5 batches unwritten/);
    expect(accepted).toBe(4);
    expect(() => w.write(path.join(dir, 'late.txt'), 'x')).toThrow(/after finish/);
  });

  test('an error message in any script is reported whole (cut by characters, not bytes)', () => {
    const dir = tmp();
    const name = 'Письмо-'.repeat(150);
    fs.writeFileSync(path.join(dir, 'plain'), 'x');
    const w = new BackgroundWriter();
    w.write(path.join(dir, 'plain', name), 'cannot be');
    expect(() => w.finish()).toThrow(/^cannot write .*Письмо-Письмо-/);
  });

  test('a file that cannot be written: finish throws, naming it', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'plain'), 'a file, not a folder');
    const w = new BackgroundWriter();
    w.write(path.join(dir, 'ok.txt'), 'fine');
    w.write(path.join(dir, 'plain', 'inside.txt'), 'cannot be');
    expect(() => w.finish()).toThrow(new RegExp(`cannot write ${path.join(dir, 'plain', 'inside.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*(ENOTDIR|EEXIST)`));
    expect(fs.readFileSync(path.join(dir, 'ok.txt'), 'utf8')).toBe('fine');
  });

  test('atomic: each file replaced whole by a temporary file and rename; no temporary file is left, even when one fails', () => {
    const dir = tmp();
    const files = Array.from({ length: 300 }, (_, i) => path.join(dir, `doc-${i}.xml`));
    // half the files exist with old content: each is replaced, and a reader sees the old or the new content, nothing else
    files.forEach((f, i) => i % 2 === 0 && fs.writeFileSync(f, `<old n="${i}"/>`));
    const inodes = new Map(files.filter((_, i) => i % 2 === 0).map((f) => [f, fs.statSync(f).ino]));
    const w = new BackgroundWriter({ atomic: { fsync: true } });
    files.forEach((f, i) => w.write(f, `<TEI n="${i}">Письмо</TEI>`));
    w.finish();
    files.forEach((f, i) => expect([f, fs.readFileSync(f, 'utf8')]).toEqual([f, `<TEI n="${i}">Письмо</TEI>`]));
    // a rename, not a rewrite in place: the replaced files are new inodes
    for (const [f, ino] of inodes) expect(fs.statSync(f).ino).not.toBe(ino);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // a target that cannot be replaced (a folder in its place): finish names it, and its temporary file is gone
    const blocked = path.join(dir, 'blocked.xml');
    fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    const w2 = new BackgroundWriter({ atomic: { fsync: false } });
    w2.write(path.join(dir, 'fine.xml'), '<fine/>');
    w2.write(blocked, '<never/>');
    expect(() => w2.finish()).toThrow(/cannot write .*blocked\.xml: .*(EISDIR|ENOTEMPTY|EEXIST)/);
    expect(fs.readFileSync(path.join(dir, 'fine.xml'), 'utf8')).toBe('<fine/>');
    expect(fs.statSync(blocked).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
