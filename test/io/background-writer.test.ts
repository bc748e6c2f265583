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
});
