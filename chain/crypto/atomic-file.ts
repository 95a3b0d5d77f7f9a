/** Secret files: written with mode 0600 through a temp file + fsync + rename, so a crash never leaves half a key. */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const SECRET_FILE_MODE = 0o600;
export const SECRET_DIR_MODE = 0o700;

function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function writeTemp(file: string, data: string | Uint8Array, mode: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: SECRET_DIR_MODE });
  const tmp = tempPathFor(file);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // openSync's mode is filtered by the umask; make the final mode exact.
  fs.chmodSync(tmp, mode);
  return tmp;
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** Replaces `file` atomically (overwrites an existing one). */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = SECRET_FILE_MODE): void {
  const tmp = writeTemp(file, data, mode);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/**
 * Creates `file` atomically and only if it does not exist yet (a hard link never overwrites).
 * Returns false when the file already exists.
 */
export function createFileExclusive(file: string, data: string | Uint8Array, mode = SECRET_FILE_MODE): boolean {
  const tmp = writeTemp(file, data, mode);
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(path.dirname(file));
  return true;
}
